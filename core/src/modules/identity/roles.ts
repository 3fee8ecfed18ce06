export const ROLES = ['owner', 'admin', 'author', 'learner'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that manage the organisation: members, plugins, billing. */
export const MANAGER_ROLES: readonly Role[] = ['owner', 'admin'];
/** Roles that create and edit courses. */
export const AUTHOR_ROLES: readonly Role[] = ['owner', 'admin', 'author'];
