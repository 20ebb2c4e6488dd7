import { describe, expect, it } from 'vitest';
import { makeLead } from '../test/fixtures';
import {
  FIELD_GROUPS,
  formFromLead,
  fromInput,
  getPath,
  groupById,
  patchFromForm,
  rebaseForm,
  setPath,
  toInput,
} from './lead-fields';

describe('paths', () => {
  it('reads and writes dotted paths', () => {
    const lead = makeLead();
    expect(getPath(lead, 'claim.adjuster.name')).toBe('Dale Whitaker');
    expect(getPath(lead, 'claim.adjuster.email')).toBeUndefined();
    expect(getPath(lead, 'address.nothing.deeper')).toBeUndefined();
    const target: Record<string, unknown> = {};
    setPath(target, 'claim.adjuster.email', null);
    setPath(target, 'claim.carrier', 'X');
    expect(target).toEqual({ claim: { adjuster: { email: null }, carrier: 'X' } });
  });
});

describe('a group form', () => {
  it('shows money in dollars and percent as typed', () => {
    const form = formFromLead(makeLead(), groupById('money'));
    expect(form.values).toEqual({
      'claim.deductibleCents': '2500.00',
      'claim.paEstimateCents': '31842.50',
      'claim.carrierEstimateCents': '',
      'claim.settlementCents': '',
      'claim.feePercent': '10',
    });
  });

  it('patches only what changed, money in cents, blanks as null', () => {
    const lead = makeLead();
    const group = groupById('money');
    const form = formFromLead(lead, group);
    form.values['claim.carrierEstimateCents'] = '14,620';
    form.values['claim.deductibleCents'] = '';
    form.values['claim.feePercent'] = '10'; // unchanged
    const result = patchFromForm(lead, group, form);
    expect(result.errors).toEqual({});
    expect(result.changed).toEqual(['claim.deductibleCents', 'claim.carrierEstimateCents']);
    expect(result.patch).toEqual({ claim: { deductibleCents: null, carrierEstimateCents: 1462000 } });
  });

  it('nests the adjuster and leaves untouched fields out', () => {
    const lead = makeLead();
    const group = groupById('adjuster');
    const form = formFromLead(lead, group);
    form.values['claim.adjuster.email'] = ' dale@lonestar.example ';
    expect(patchFromForm(lead, group, form).patch).toEqual({
      claim: { adjuster: { email: 'dale@lonestar.example' } },
    });
  });

  it('says what is wrong before sending', () => {
    const lead = makeLead();
    const contact = groupById('contact');
    const form = formFromLead(lead, contact);
    form.values.firstName = '  ';
    const money = groupById('money');
    const moneyForm = formFromLead(lead, money);
    moneyForm.values['claim.settlementCents'] = '12.345';
    expect(patchFromForm(lead, contact, form).errors).toEqual({ firstName: 'Enter the first name.' });
    expect(patchFromForm(lead, money, moneyForm).errors['claim.settlementCents']).toMatch(/two decimals/);
  });

  it('replaces the phone list whole, dropping blank rows', () => {
    const lead = makeLead();
    const group = groupById('contact');
    const form = formFromLead(lead, group);
    form.phones = [
      { number: '(512) 555-0134', type: 'home' },
      { number: '', type: 'mobile' },
      { number: '512.555.0172 ext. 4', type: 'work' },
    ];
    const result = patchFromForm(lead, group, form);
    expect(result.patch).toEqual({
      phones: [
        { number: '(512) 555-0134', type: 'home' },
        { number: '512.555.0172 ext. 4', type: 'work' },
      ],
    });
    form.phones = [];
    expect(patchFromForm(lead, group, form).patch).toEqual({ phones: null });
  });

  it('keeps a wrong-number flag through other edits of the list', () => {
    const lead = makeLead({
      phones: [
        { number: '(512) 555-0134', e164: '+15125550134', type: 'mobile', wrongNumber: true },
        { number: '512.555.0172', e164: '+15125550172', type: 'work' },
      ],
    });
    const group = groupById('contact');
    const form = formFromLead(lead, group);
    expect(form.phones[0]).toEqual({ number: '(512) 555-0134', type: 'mobile', wrongNumber: true });
    form.phones = [form.phones[0]!, { ...form.phones[1]!, type: 'home' }];
    expect(patchFromForm(lead, group, form).patch).toEqual({
      phones: [
        { number: '(512) 555-0134', type: 'mobile', wrongNumber: true },
        { number: '512.555.0172', type: 'home' },
      ],
    });
    // Cleared by hand: a change of its own.
    form.phones = [{ ...form.phones[0]!, wrongNumber: false }, formFromLead(lead, group).phones[1]!];
    expect(patchFromForm(lead, group, form).patch).toEqual({
      phones: [
        { number: '(512) 555-0134', type: 'mobile' },
        { number: '512.555.0172', type: 'work' },
      ],
    });
  });

  it('sends nothing when nothing changed', () => {
    const lead = makeLead();
    for (const group of FIELD_GROUPS) {
      expect(patchFromForm(lead, group, formFromLead(lead, group)).changed).toEqual([]);
    }
  });

  it('carries the edits over to a newer lead, taking its values elsewhere', () => {
    const base = makeLead();
    const newer = makeLead({ email: 'maria@new.example', lastName: 'Gonzales', version: 8 });
    const group = groupById('contact');
    const form = formFromLead(base, group);
    form.values.lastName = 'González';
    const rebased = rebaseForm(base, newer, group, form);
    expect(rebased.values.lastName).toBe('González');
    expect(rebased.values.email).toBe('maria@new.example');
    expect(patchFromForm(newer, group, rebased).patch).toEqual({ lastName: 'González' });
  });

  it('converts date-times through the local zone', () => {
    const field = groupById('claim').fields.find((f) => f.path === 'claim.lorSignedAt')!;
    const input = toInput(field, '2025-06-05T15:42:00.000Z');
    expect(input).toMatch(/^2025-06-0\dT\d{2}:42$/);
    expect(fromInput(field, input)).toEqual({ ok: true, value: '2025-06-05T15:42:00.000Z' });
  });
});
