import { describe, expect, it } from 'vitest';
import { assignableRoles, canManage, isRole } from './roles';
import { monthName, usedPercent } from './usage-meter';

describe('roles in the admin pages', () => {
  it('lets only owners hand out the owner role', () => {
    expect(assignableRoles('owner')).toEqual(['owner', 'admin', 'author', 'learner']);
    expect(assignableRoles('admin')).toEqual(['admin', 'author', 'learner']);
  });

  it('opens administration to owners and admins only', () => {
    expect((['owner', 'admin', 'author', 'learner'] as const).filter(canManage)).toEqual(['owner', 'admin']);
    expect(isRole('author')).toBe(true);
    expect(isRole('superuser')).toBe(false);
  });
});

describe('usage against the allowance', () => {
  it('gives the share used in whole percent, none without a cap', () => {
    expect(usedPercent({ month: '2026-11', tokens: 2_500, cap: 10_000 })).toBe(25);
    expect(usedPercent({ month: '2026-11', tokens: 12_000, cap: 10_000 })).toBe(120);
    expect(usedPercent({ month: '2026-11', tokens: 5, cap: 0 })).toBe(100);
    expect(usedPercent({ month: '2026-11', tokens: 5, cap: null })).toBeNull();
  });

  it('names the month', () => {
    expect(monthName('2026-11')).toBe('November 2026');
    expect(monthName('garbage')).toBe('garbage');
  });
});
