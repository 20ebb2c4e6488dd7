import { describe, expect, it } from 'vitest';
import { columnParams, EMPTY_FILTERS, filtersFromParams, hasFilters, withFilters } from './board-filters';

describe('board filters', () => {
  it('read from the URL, ignoring unknown loss types', () => {
    expect(filtersFromParams(new URLSearchParams('q=gonzalez&lossType=hail&tag=roof&assignee=me'))).toEqual({
      q: 'gonzalez',
      lossType: 'hail',
      tag: 'roof',
      assignee: 'me',
    });
    expect(filtersFromParams(new URLSearchParams('lossType=meteor')).lossType).toBe('');
  });

  it('write to the URL, dropping empty ones and keeping other params', () => {
    const next = withFilters(new URLSearchParams('x=1&q=old'), { ...EMPTY_FILTERS, tag: 'roof' });
    expect(next.toString()).toBe('x=1&tag=roof');
  });

  it('make each column query: status, 25 a page, and the filters', () => {
    const filters = { assignee: 'me', lossType: 'wind' as const, tag: 'roof', q: 'maria' };
    expect(columnParams('qualified', filters, { meId: 'usr_me', canFilterAssignee: true })).toEqual({
      status: 'qualified',
      limit: 25,
      assignedTo: 'usr_me',
      lossType: 'wind',
      tag: 'roof',
      q: 'maria',
    });
    expect(columnParams('new', EMPTY_FILTERS, { meId: 'usr_me', canFilterAssignee: true })).toEqual({
      status: 'new',
      limit: 25,
    });
  });

  it('leave the assignee out for agents', () => {
    const filters = { ...EMPTY_FILTERS, assignee: 'usr_other' };
    expect(columnParams('new', filters, { meId: 'usr_me', canFilterAssignee: false })).toEqual({ status: 'new', limit: 25 });
    expect(hasFilters(filters, { canFilterAssignee: false })).toBe(false);
    expect(hasFilters(filters, { canFilterAssignee: true })).toBe(true);
    expect(hasFilters(EMPTY_FILTERS)).toBe(false);
  });
});
