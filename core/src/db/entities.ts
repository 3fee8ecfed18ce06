import { CourseSchema } from '../modules/courses/course.entity.ts';
import { InvitationSchema } from '../modules/identity/invitation.entity.ts';
import { MembershipSchema } from '../modules/identity/membership.entity.ts';
import { SessionSchema } from '../modules/identity/session.entity.ts';
import { TenantSchema } from '../modules/identity/tenant.entity.ts';
import { UserSchema } from '../modules/identity/user.entity.ts';
import { PluginInstallationSchema } from '../modules/plugins/plugin-installation.entity.ts';
import { PluginStateSchema } from '../plugin-host/plugin-state.entity.ts';

/** Entities that belong to exactly one tenant; the `tenant` filter applies to all of them. */
export const TENANT_OWNED_ENTITIES = [MembershipSchema, InvitationSchema, CourseSchema, PluginInstallationSchema];

export const ENTITIES = [TenantSchema, UserSchema, SessionSchema, PluginStateSchema, ...TENANT_OWNED_ENTITIES];
