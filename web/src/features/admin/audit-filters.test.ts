import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTERS,
  auditQuery,
  filtersFromSearch,
  filtersToSearch,
  hasFilters,
  parseLocalDateTime,
  validateFilters,
} from './audit-filters';

describe('audit filters', () => {
  it('sends only the filters that are set', () => {
    expect(auditQuery(EMPTY_FILTERS)).toEqual({ limit: 50 });
    expect(
      auditQuery({ ...EMPTY_FILTERS, entity: 'user', entityId: ' usr_1 ', actor: 'usr_admin', action: 'user.update' }),
    ).toEqual({ limit: 50, entity: 'user', entityId: 'usr_1', actor: 'usr_admin', action: 'user.update' });
  });

  it('turns local times into UTC, "to" through the end of its minute', () => {
    const query = auditQuery({ ...EMPTY_FILTERS, from: '2026-12-01T09:30', to: '2026-12-07T17:00' });
    expect(query.from).toBe(new Date(2026, 11, 1, 9, 30, 0, 0).toISOString());
    expect(query.to).toBe(new Date(2026, 11, 7, 17, 0, 59, 999).toISOString());
    expect(query.from).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('round-trips through the URL', () => {
    const filters = { ...EMPTY_FILTERS, entity: 'lead', entityId: 'lead_1', from: '2026-12-01T09:30' };
    const search = filtersToSearch(filters);
    expect(search.toString()).toBe('entity=lead&entityId=lead_1&from=2026-12-01T09%3A30');
    expect(filtersFromSearch(search)).toEqual(filters);
    expect(hasFilters(filters)).toBe(true);
    expect(hasFilters(filtersFromSearch(new URLSearchParams('foo=bar')))).toBe(false);
  });

  it('names the entity type of an id given alone, from its prefix', () => {
    expect(auditQuery({ ...EMPTY_FILTERS, entityId: 'usr_1' })).toEqual({ limit: 50, entity: 'user', entityId: 'usr_1' });
    expect(auditQuery({ ...EMPTY_FILTERS, entityId: 'key_1' }).entity).toBe('apikey');
    expect(auditQuery({ ...EMPTY_FILTERS, entityId: 'lead_1' }).entity).toBe('lead');
    expect(auditQuery({ ...EMPTY_FILTERS, entityId: 'xyz' })).toEqual({ limit: 50, entityId: 'xyz' });
  });

  it('refuses a range that ends before it starts', () => {
    expect(validateFilters({ ...EMPTY_FILTERS, from: '2026-12-07T10:00', to: '2026-12-07T09:00' })).toEqual({
      to: 'Must not be before “From”',
    });
    expect(validateFilters({ ...EMPTY_FILTERS, from: 'yesterday' }).from).toBe('Enter a date and time');
    expect(validateFilters(EMPTY_FILTERS)).toEqual({});
  });

  it('parses datetime-local values as local time', () => {
    expect(parseLocalDateTime('2026-12-07T09:05')?.getHours()).toBe(9);
    expect(parseLocalDateTime('2026-12-07')).toBeNull();
    expect(parseLocalDateTime('')).toBeNull();
  });
});
