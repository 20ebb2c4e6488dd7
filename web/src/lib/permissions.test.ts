import { describe, expect, it } from 'vitest';
import { can, hasAnyRole, primaryRole } from './permissions';

describe('permissions', () => {
  it('picks the strongest role', () => {
    expect(primaryRole(['agent', 'manager'])).toBe('manager');
    expect(primaryRole(['agent', 'admin'])).toBe('admin');
    expect(primaryRole(['agent'])).toBe('agent');
    expect(primaryRole([])).toBeNull();
    expect(primaryRole(null)).toBeNull();
  });

  it('keeps agents from reassigning, moving back, restoring and admin pages', () => {
    const agent = ['agent'];
    expect(can(agent, 'leads.reassign')).toBe(false);
    expect(can(agent, 'leads.moveBack')).toBe(false);
    expect(can(agent, 'leads.restore')).toBe(false);
    expect(can(agent, 'admin.view')).toBe(false);
    expect(can(agent, 'leads.create')).toBe(true);
  });

  it('lets managers reassign and move back, but not restore or administer', () => {
    const manager = ['manager'];
    expect(can(manager, 'leads.reassign')).toBe(true);
    expect(can(manager, 'leads.moveBack')).toBe(true);
    expect(can(manager, 'leads.restore')).toBe(false);
    expect(can(manager, 'admin.view')).toBe(false);
  });

  it('lets admins do everything', () => {
    for (const p of ['leads.reassign', 'leads.moveBack', 'leads.restore', 'admin.view', 'audit.view'] as const) {
      expect(can(['admin'], p)).toBe(true);
    }
  });

  it('allows nothing without groups', () => {
    expect(can(null, 'leads.create')).toBe(false);
    expect(can([], 'leads.create')).toBe(false);
    expect(hasAnyRole(undefined, ['admin'])).toBe(false);
    expect(hasAnyRole(['manager'], ['admin', 'manager'])).toBe(true);
  });
});
