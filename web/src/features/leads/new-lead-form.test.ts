import { describe, expect, it } from 'vitest';
import {
  buildLeadCreate,
  emptyDraft,
  mapServerFieldErrors,
  normalizeTags,
  validateDraft,
  type NewLeadDraft,
} from './new-lead-form';

function draft(patch: Partial<NewLeadDraft> = {}): NewLeadDraft {
  return { ...emptyDraft(), firstName: 'Maria', lastName: 'Gonzalez', ...patch };
}

describe('buildLeadCreate', () => {
  it('sends only what was filled in, trimmed', () => {
    expect(buildLeadCreate(draft({ firstName: '  Maria ', email: ' ' })).body).toEqual({
      firstName: 'Maria',
      lastName: 'Gonzalez',
    });
  });

  it('builds nested members and keeps the form row of each phone', () => {
    const { body, phoneIndex } = buildLeadCreate(
      draft({
        email: 'maria@example.com',
        phones: [
          { number: '', type: 'mobile' },
          { number: '(512) 555-0134', type: 'home' },
        ],
        preferredContact: 'sms',
        address: { line1: '4817 Ridgeview Dr', line2: '', city: 'Austin', state: 'TX', postalCode: '78745', country: 'US' },
        claim: {
          carrier: 'Lone Star Mutual',
          policyNumber: '',
          claimNumber: '',
          dateOfLoss: '2025-05-28',
          lossType: 'hail',
          lossDescription: '',
        },
        adjuster: { name: '', phone: '', email: 'dale@example.com' },
        tags: ['roof', ' Roof ', 'hail-2025'],
      }),
    );
    expect(body).toEqual({
      firstName: 'Maria',
      lastName: 'Gonzalez',
      email: 'maria@example.com',
      phones: [{ number: '(512) 555-0134', type: 'home' }],
      preferredContact: 'sms',
      address: { line1: '4817 Ridgeview Dr', city: 'Austin', state: 'TX', postalCode: '78745', country: 'US' },
      claim: {
        carrier: 'Lone Star Mutual',
        dateOfLoss: '2025-05-28',
        lossType: 'hail',
        adjuster: { email: 'dale@example.com' },
      },
      tags: ['roof', 'hail-2025'],
    });
    expect(phoneIndex).toEqual([1]);
  });

  it('sends no address for the default country alone', () => {
    expect(buildLeadCreate(draft()).body.address).toBeUndefined();
  });
});

describe('validateDraft', () => {
  it('needs first and last name', () => {
    expect(validateDraft(emptyDraft())).toEqual({
      firstName: 'Enter a first name.',
      lastName: 'Enter a last name.',
    });
    expect(validateDraft(draft())).toEqual({});
  });

  it('allows at most 20 distinct tags', () => {
    const tags = Array.from({ length: 21 }, (_, i) => `t${i}`);
    expect(validateDraft(draft({ tags })).tags).toMatch(/20/);
    expect(normalizeTags([...tags.slice(0, 20), 'T1'])).toHaveLength(20);
  });
});

describe('mapServerFieldErrors', () => {
  it('puts body paths back on the inputs that show them', () => {
    expect(
      mapServerFieldErrors(
        {
          'phones[0].number': 'is not a phone number',
          'phones[1]': 'is the same number as phones[0]',
          'tags[3]': 'must be at most 40 characters',
          tags: 'at most 20',
          'claim.adjuster.email': 'is not an email address',
          'claim.dateReported': 'must not be before dateOfLoss',
        },
        [2, 4],
      ),
    ).toEqual({
      'phones[2].number': 'is not a phone number',
      'phones[4].number': 'is the same number as phones[0]',
      tags: 'must be at most 40 characters; at most 20',
      'claim.adjuster.email': 'is not an email address',
      'claim.dateReported': 'must not be before dateOfLoss',
    });
  });
});
