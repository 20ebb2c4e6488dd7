import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPathFor } from './safe-next-path';

describe('safeNextPath', () => {
  it.each([
    ['/leads?status=new#top', '/leads?status=new#top'],
    ['/leads/lead_1', '/leads/lead_1'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/sign-in', '/'],
    ['/sign-in?next=/x', '/'],
    ['/a\nb', '/'],
  ])('%j → %j', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});

describe('signInPathFor', () => {
  it('carries the current location in ?next=', () => {
    expect(signInPathFor({ pathname: '/screen-pop', search: '?phone=%2B15125550134', hash: '' })).toBe(
      '/sign-in?next=%2Fscreen-pop%3Fphone%3D%252B15125550134',
    );
    expect(signInPathFor({ pathname: '/', search: '', hash: '' })).toBe('/sign-in');
  });
});
