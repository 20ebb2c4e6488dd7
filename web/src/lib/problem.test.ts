import { describe, expect, it } from 'vitest';
import { fieldError, NETWORK_DETAIL, normalizeFieldPath, problemFromError } from './problem';

describe('normalizeFieldPath', () => {
  it.each([
    ['claim.adjuster.email', 'claim.adjuster.email'],
    ['phones[0].number', 'phones[0].number'],
    ['phones.0.number', 'phones[0].number'],
    ['/phones/0/number', 'phones[0].number'],
    ['/claim/adjuster/email', 'claim.adjuster.email'],
    ['tags.12', 'tags[12]'],
    ['$.address.postalCode', 'address.postalCode'],
    ['  email ', 'email'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeFieldPath(input)).toBe(expected);
  });
});

describe('problemFromError', () => {
  it('gives null for no error', () => {
    expect(problemFromError(undefined)).toBeNull();
    expect(problemFromError(null)).toBeNull();
  });

  it('reads an RFC 9457 validation problem into detail and field errors', () => {
    const info = problemFromError({
      status: 400,
      data: {
        type: 'about:blank',
        title: 'Validation failed',
        status: 400,
        detail: 'One or more fields are invalid.',
        errors: [
          { field: 'phones[0].number', message: 'is not a phone number' },
          { field: 'claim.adjuster.email', message: 'is not an email address' },
          { field: 'claim.dateReported', message: 'must not be before dateOfLoss' },
          { field: 'phones.1.number', message: 'is a duplicate' },
          { field: '', message: '…and 3 more' },
        ],
      },
    });
    expect(info).toMatchObject({
      status: 400,
      title: 'Validation failed',
      detail: 'One or more fields are invalid.',
      fieldErrors: {
        'phones[0].number': 'is not a phone number',
        'claim.adjuster.email': 'is not an email address',
        'claim.dateReported': 'must not be before dateOfLoss',
        'phones[1].number': 'is a duplicate',
      },
      otherErrors: ['…and 3 more'],
    });
  });

  it('joins several messages for one field', () => {
    const info = problemFromError({
      status: 400,
      data: {
        title: 'Validation failed',
        status: 400,
        errors: [
          { field: 'email', message: 'is too long' },
          { field: 'email', message: 'is not an email address' },
        ],
      },
    });
    expect(info?.fieldErrors.email).toBe('is too long; is not an email address');
  });

  it('falls back to the title, then to a sentence for the status', () => {
    expect(problemFromError({ status: 409, data: { title: 'Conflict', status: 409 } })?.detail).toBe(
      'Conflict',
    );
    expect(problemFromError({ status: 412, data: null })?.detail).toMatch(/changed this meanwhile/);
    expect(problemFromError({ status: 503, data: '' })?.detail).toMatch(/server ran into a problem/);
  });

  it('explains network failures and timeouts', () => {
    expect(problemFromError({ status: 'FETCH_ERROR', error: 'TypeError: Failed to fetch' })).toMatchObject({
      status: null,
      detail: NETWORK_DETAIL,
      fieldErrors: {},
    });
    expect(problemFromError({ status: 'TIMEOUT_ERROR', error: 'timeout' })?.detail).toBe(NETWORK_DETAIL);
  });

  it('handles a reply that is not JSON (say, a proxy error page)', () => {
    const info = problemFromError({
      status: 'PARSING_ERROR',
      originalStatus: 502,
      data: '<html>Bad gateway</html>',
      error: 'SyntaxError',
    });
    expect(info).toMatchObject({ status: 502 });
    expect(info?.detail).toMatch(/server ran into a problem/);
  });

  it('reads a serialized error and a plain Error', () => {
    expect(problemFromError({ name: 'Error', message: 'Boom' })?.detail).toBe('Boom');
    expect(problemFromError(new Error('Kaput'))?.detail).toBe('Kaput');
    expect(problemFromError('weird')?.detail).toMatch(/Something went wrong/);
  });

  it('ignores malformed error entries', () => {
    const info = problemFromError({
      status: 400,
      data: { title: 'Bad', status: 400, errors: [null, { field: 'x' }, { message: 'no field' }] },
    });
    expect(info?.fieldErrors).toEqual({});
    expect(info?.otherErrors).toEqual(['no field']);
  });
});

describe('fieldError', () => {
  it('looks a field up by any spelling of its path', () => {
    const info = problemFromError({
      status: 400,
      data: { title: 'Bad', status: 400, errors: [{ field: 'phones[0].number', message: 'bad' }] },
    });
    expect(fieldError(info, 'phones[0].number')).toBe('bad');
    expect(fieldError(info, 'phones.0.number')).toBe('bad');
    expect(fieldError(info, 'email')).toBeUndefined();
    expect(fieldError(null, 'email')).toBeUndefined();
  });
});
