import { describe, expect, it } from 'vitest';
import { makeLead } from '../test/fixtures';
import { diffLeads, fieldLabel, fieldValueText, groupChanged } from './lead-diff';
import { formFromLead, groupById } from './lead-fields';

const ctx = { userLabel: (id: string) => (id === 'usr_bea' ? 'bea' : id) };

describe('diffLeads (412)', () => {
  it('lists the fields changed on the server, with the user edit beside the ones they also edited', () => {
    const base = makeLead();
    const server = makeLead({
      version: 9,
      email: 'maria@elsewhere.example',
      assignedTo: 'usr_bea',
      claim: { ...base.claim, deductibleCents: 300000 },
      tags: ['hail-2025'],
    });
    const group = groupById('contact');
    const form = formFromLead(base, group);
    form.values.email = 'maria.g@example.com';
    const rows = diffLeads(base, server, ctx, { form, changed: ['email'] });
    expect(rows).toEqual([
      { path: 'assignedTo', label: 'Assignee', before: 'usr_admin', server: 'bea', mine: null },
      { path: 'tags', label: 'Tags', before: 'hail-2025, roof', server: 'hail-2025', mine: null },
      {
        path: 'email',
        label: 'Email',
        before: 'maria.gonzalez@example.com',
        server: 'maria@elsewhere.example',
        mine: 'maria.g@example.com',
      },
      { path: 'claim.deductibleCents', label: 'Deductible', before: '$2,500.00', server: '$3,000.00', mine: null },
    ]);
  });

  it('is empty when only the version moved (a note or a deadline)', () => {
    const base = makeLead();
    expect(diffLeads(base, makeLead({ version: 12, updatedAt: '2025-07-01T00:00:00.000Z' }), ctx)).toEqual([]);
  });

  it('compares phones by number and type, and absent as empty', () => {
    const base = makeLead({ source: undefined });
    const server = makeLead({ source: '', phones: [{ number: '(512) 555-0134', e164: '+15125550134', type: 'home' }] });
    const rows = diffLeads(base, server, ctx);
    expect(rows.map((r) => r.path)).toEqual(['phones']);
    expect(rows[0]!.server).toBe('(512) 555-0134 (Home)');
  });

  it('tells whether a group changed', () => {
    const base = makeLead();
    const server = makeLead({ claim: { ...base.claim, carrier: 'Other' } });
    expect(groupChanged(base, server, ['claim.carrier', 'claim.policyNumber'])).toBe(true);
    expect(groupChanged(base, server, ['email'])).toBe(false);
  });
});

describe('field names and values', () => {
  it('reads known and unknown paths', () => {
    expect(fieldLabel('claim.adjuster.email')).toBe('Adjuster email');
    expect(fieldLabel('claim.paEstimateCents')).toBe('PA estimate');
    expect(fieldLabel('claim.somethingNewCents')).toBe('Something new');
    expect(fieldValueText('claim.paEstimateCents', 3184250, ctx)).toBe('$31,842.50');
    expect(fieldValueText('legalHold', true, ctx)).toBe('On');
    expect(fieldValueText('unknown.path', { a: 1 }, ctx)).toBe('{"a":1}');
    expect(fieldValueText('email', null, ctx)).toBe('');
  });
});
