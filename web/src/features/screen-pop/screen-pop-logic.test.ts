import { describe, expect, it } from 'vitest';
import type { Lead } from '@/lib/leads-api';
import {
  formatAddress,
  formatPhone,
  lookupOutcome,
  newLeadPath,
  phoneFromParam,
} from './screen-pop-logic';

function lead(id: string, updatedAt: string): Lead {
  return {
    id,
    firstName: 'Maria',
    lastName: id,
    status: 'new',
    legalHold: false,
    deadlines: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'usr_a',
    updatedAt,
    version: 1,
  };
}

describe('phoneFromParam', () => {
  it('restores a + that the URL turned into a space', () => {
    expect(phoneFromParam(' 15125550134')).toBe('+15125550134');
    expect(phoneFromParam('+15125550134')).toBe('+15125550134');
    expect(phoneFromParam('(512) 555-0134')).toBe('(512) 555-0134');
  });

  it('gives null for a missing or blank number', () => {
    expect(phoneFromParam(null)).toBeNull();
    expect(phoneFromParam('   ')).toBeNull();
  });
});

describe('formatPhone', () => {
  it('formats North American numbers', () => {
    expect(formatPhone('+15125550134')).toBe('(512) 555-0134');
    expect(formatPhone('5125550134')).toBe('(512) 555-0134');
    expect(formatPhone('1-512-555-0134')).toBe('(512) 555-0134');
  });

  it('leaves other numbers as given', () => {
    expect(formatPhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(formatPhone('512-555-0134 ext. 4')).toBe('512-555-0134 ext. 4');
    expect(formatPhone('call me')).toBe('call me');
    expect(formatPhone('12345')).toBe('12345');
  });
});

describe('lookupOutcome', () => {
  it('branches on none, one and many', () => {
    expect(lookupOutcome([])).toEqual({ kind: 'none' });
    const one = lead('a', '2026-01-01T00:00:00.000Z');
    expect(lookupOutcome([one])).toEqual({ kind: 'one', lead: one });
    const outcome = lookupOutcome([
      lead('old', '2026-01-01T00:00:00.000Z'),
      lead('new', '2026-03-01T00:00:00.000Z'),
      lead('mid', '2026-02-01T00:00:00.000Z'),
    ]);
    expect(outcome.kind).toBe('many');
    expect(outcome.kind === 'many' && outcome.leads.map((l) => l.id)).toEqual(['new', 'mid', 'old']);
  });
});

describe('formatAddress / newLeadPath', () => {
  it('joins what the address has', () => {
    expect(
      formatAddress({ line1: '4817 Ridgeview Dr', city: 'Austin', state: 'TX', postalCode: '78745' }),
    ).toBe('4817 Ridgeview Dr, Austin, TX 78745');
    expect(formatAddress({ city: 'Austin' })).toBe('Austin');
    expect(formatAddress(undefined)).toBeNull();
    expect(formatAddress({})).toBeNull();
  });

  it('encodes the number for the new-lead dialog', () => {
    expect(newLeadPath('+15125550134')).toBe('/leads?new=1&phone=%2B15125550134');
  });
});
