import { describe, expect, it } from 'vitest';
import { changeRows, describeActor, entityLink, formatChangeValue, resolveActor } from './audit-format';

describe('audit formatting', () => {
  const nameOf = (id: string) => (id === 'usr_1' ? 'alice' : null);

  it('names actors and links users and keys', () => {
    expect(describeActor('usr_1', nameOf)).toEqual({ label: 'alice', kind: 'user', to: '/admin/users?highlight=usr_1' });
    expect(describeActor('usr_2', nameOf).label).toBe('usr_2');
    expect(describeActor('key_9', nameOf).to).toBe('/admin/api-keys?highlight=key_9');
    expect(describeActor('system', nameOf)).toEqual({ label: 'System', kind: 'system' });
    expect(describeActor('anonymous', nameOf).label).toBe('Anonymous');
  });

  it('links leads to their page and users to the highlighted list', () => {
    expect(entityLink({ entity: 'lead', entityId: 'lead_1' })).toBe('/leads/lead_1');
    expect(entityLink({ entity: 'user', entityId: 'usr_1' })).toBe('/admin/users?highlight=usr_1');
    expect(entityLink({ entity: 'signing_key', entityId: 'sig_1' })).toBeNull();
    expect(entityLink({ entity: '', entityId: '' })).toBeNull();
  });

  it('shows old → new values readably, secrets as the server masked them', () => {
    expect(
      changeRows({
        passwordHash: { old: '***', new: '***' },
        groups: { old: ['agent'], new: ['manager', 'agent'] },
        enabled: { old: true, new: false },
        email: { old: null, new: 'a@example.com' },
      }),
    ).toEqual([
      { field: 'email', old: 'none', new: 'a@example.com', oldIsNone: true, newIsNone: false },
      { field: 'enabled', old: 'true', new: 'false', oldIsNone: false, newIsNone: false },
      { field: 'groups', old: 'agent', new: 'manager, agent', oldIsNone: false, newIsNone: false },
      { field: 'passwordHash', old: '***', new: '***', oldIsNone: false, newIsNone: false },
    ]);
    expect(formatChangeValue({ line1: 'x' })).toBe('{"line1":"x"}');
    expect(changeRows({})).toEqual([]);
  });

  it('turns a typed username into the user id', () => {
    const users = [{ id: 'usr_1', username: 'alice' }];
    expect(resolveActor(' alice ', users)).toBe('usr_1');
    expect(resolveActor('key_9', users)).toBe('key_9');
  });
});
