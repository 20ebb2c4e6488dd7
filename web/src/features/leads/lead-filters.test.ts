import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  clampSearch,
  EMPTY_FILTERS,
  exportSearchParams,
  exportSelectionParams,
  filtersFromSearchParams,
  filtersToQuery,
  filtersToSearchParams,
  hasActiveFilters,
  isCalendarDay,
  queryKey,
  startOfLocalDayIso,
} from './lead-filters';

const manager = { allowAssignee: true };
const agent = { allowAssignee: false };

function parse(query: string, options = manager) {
  return filtersFromSearchParams(new URLSearchParams(query), options);
}

describe('filters in the URL', () => {
  it('reads every filter, search and sort', () => {
    expect(
      parse('q=gonzalez+512&status=lor_signed&assignedTo=usr_01abc&lossType=hail&tag=roof&updatedSince=2025-06-01&sort=createdAt'),
    ).toEqual({
      q: 'gonzalez 512',
      status: 'lor_signed',
      assignedTo: 'usr_01abc',
      lossType: 'hail',
      tag: 'roof',
      updatedSince: '2025-06-01',
      sort: 'createdAt',
    });
  });

  it('gives the defaults for an empty query string', () => {
    expect(parse('')).toEqual(EMPTY_FILTERS);
  });

  it('drops values the API would refuse', () => {
    expect(
      parse('status=archived&lossType=earthquake&assignedTo=alice&updatedSince=2025-02-30&sort=name'),
    ).toEqual(EMPTY_FILTERS);
  });

  it('ignores the assignee for agents (the server forces their own)', () => {
    expect(parse('assignedTo=usr_01abc', agent).assignedTo).toBeNull();
  });

  it('round-trips through the URL and keeps keys it does not own', () => {
    const filters = parse('status=new&tag=hail-2025&sort=-createdAt&q=maria');
    const params = filtersToSearchParams(filters, new URLSearchParams('new=1&phone=5125550134'));
    expect(params.get('new')).toBe('1');
    expect(params.get('phone')).toBe('5125550134');
    expect(filtersFromSearchParams(params, manager)).toEqual(filters);
  });

  it('leaves defaults out of the URL', () => {
    const params = filtersToSearchParams({ ...EMPTY_FILTERS, tag: '  ' }, new URLSearchParams('status=new&sort=createdAt'));
    expect(params.toString()).toBe('');
  });

  it('counts active filters (search apart)', () => {
    const filters = parse('q=x&status=new&tag=roof');
    expect(hasActiveFilters(filters)).toBe(true);
    expect(activeFilterCount(filters)).toBe(2);
    expect(hasActiveFilters(parse('sort=createdAt'))).toBe(false);
  });
});

describe('filters for the API', () => {
  it('sends sort without a search and none with one (relevance)', () => {
    expect(filtersToQuery(parse('status=new'))).toEqual({ status: 'new', sort: '-updatedAt' });
    expect(filtersToQuery(parse('q=maria&sort=createdAt'))).toEqual({ q: 'maria' });
  });

  it('turns the "updated since" day into the start of that local day, in UTC', () => {
    const iso = startOfLocalDayIso('2025-06-01');
    expect(iso).toBe(new Date(2025, 5, 1).toISOString());
    expect(iso.endsWith('Z')).toBe(true);
    expect(filtersToQuery(parse('updatedSince=2025-06-01')).updatedSince).toBe(iso);
  });

  it('keys a list by its query and page size, whatever the member order', () => {
    expect(queryKey({ status: 'new', sort: 'createdAt' }, 25)).toBe(queryKey({ sort: 'createdAt', status: 'new' }, 25));
    expect(queryKey({ status: 'new' }, 25)).not.toBe(queryKey({ status: 'new' }, 50));
  });

  it('exports with the same filters, or exactly the selected ids', () => {
    expect(exportSearchParams(parse('status=new&lossType=hail')).toString()).toBe(
      'status=new&lossType=hail&sort=-updatedAt',
    );
    expect(exportSearchParams(parse('q=maria gonzalez')).toString()).toBe('q=maria+gonzalez');
    expect(exportSelectionParams(['lead_a', 'lead_b']).toString()).toBe('ids=lead_a%2Clead_b');
  });
});

describe('helpers', () => {
  it('knows real calendar days', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2025-02-29')).toBe(false);
    expect(isCalendarDay('2025-6-1')).toBe(false);
  });

  it('cuts a search to 200 bytes without splitting a character', () => {
    expect(clampSearch('a'.repeat(250))).toHaveLength(200);
    const cut = clampSearch('é'.repeat(150));
    expect(new TextEncoder().encode(cut).length).toBe(200);
    expect(cut).toBe('é'.repeat(100));
  });
});
