import type { Me } from '../../api/types';

export type Role = Me['role'];

/** Every role, most powerful first, with what it may do (shown next to role pickers). */
export const ROLE_OPTIONS: ReadonlyArray<{ role: Role; label: string; description: string }> = [
  { role: 'owner', label: 'Owner', description: 'Everything, including owners, billing and the AI allowance.' },
  { role: 'admin', label: 'Admin', description: 'Members (except owners), plugins and settings.' },
  { role: 'author', label: 'Author', description: 'Creates, edits and publishes courses.' },
  { role: 'learner', label: 'Learner', description: 'Takes published courses.' },
];

export function roleLabel(role: Role): string {
  return ROLE_OPTIONS.find((option) => option.role === role)?.label ?? role;
}

/** Owners and admins manage the organisation; the API enforces the same rule. */
export function canManage(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

/** The roles an actor may hand out: only owners make owners. */
export function assignableRoles(actor: Role): Role[] {
  return ROLE_OPTIONS.map((option) => option.role).filter((role) => actor === 'owner' || role !== 'owner');
}

export function isRole(value: string): value is Role {
  return ROLE_OPTIONS.some((option) => option.role === value);
}
