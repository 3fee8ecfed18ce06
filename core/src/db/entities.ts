import { JobOutboxSchema, JobSchema } from '../jobs/job.entity.ts';
import { CourseSchema } from '../modules/courses/course.entity.ts';
import { CourseModuleSchema } from '../modules/courses/course-module.entity.ts';
import { LessonSchema } from '../modules/courses/lesson.entity.ts';
import { LessonVersionSchema } from '../modules/courses/lesson-version.entity.ts';
import { CourseExportSchema } from '../modules/exports/course-export.entity.ts';
import { InvitationSchema } from '../modules/identity/invitation.entity.ts';
import { MembershipSchema } from '../modules/identity/membership.entity.ts';
import { SessionSchema } from '../modules/identity/session.entity.ts';
import { TenantSchema } from '../modules/identity/tenant.entity.ts';
import { UserSchema } from '../modules/identity/user.entity.ts';
import { UserIdentitySchema } from '../modules/identity/user-identity.entity.ts';
import { EmailVerificationSchema } from '../modules/identity/verification/email-verification.entity.ts';
import { AudienceSchema } from '../modules/knowledge/audience.entity.ts';
import { SmeSchema } from '../modules/knowledge/sme.entity.ts';
import { SmeDocumentSchema } from '../modules/knowledge/sme-document.entity.ts';
import { EnrolmentSchema, LessonProgressSchema, QuizAttemptSchema } from '../modules/learning/enrolment.entity.ts';
import { CoursePublicationSchema, PublishedLessonSchema } from '../modules/learning/publication.entity.ts';
import { PEOPLE_ENTITIES } from '../modules/people/people.entities.ts';
import { PluginConfigChangeSchema } from '../modules/plugins/plugin-config-change.entity.ts';
import { PluginInstallationSchema } from '../modules/plugins/plugin-installation.entity.ts';
import { TenantPluginInstallSchema } from '../modules/plugins/tenant-plugin-install.entity.ts';
import { UploadSchema } from '../modules/storage/upload.entity.ts';
import { PluginStateSchema } from '../plugin-host/plugin-state.entity.ts';

/** Entities that belong to exactly one tenant; the `tenant` filter applies to all of them. */
export const TENANT_OWNED_ENTITIES = [
  MembershipSchema,
  InvitationSchema,
  CourseSchema,
  PluginInstallationSchema,
  PluginConfigChangeSchema,
  TenantPluginInstallSchema,
  SmeSchema,
  SmeDocumentSchema,
  AudienceSchema,
  CourseModuleSchema,
  LessonSchema,
  LessonVersionSchema,
  JobSchema,
  UploadSchema,
  CourseExportSchema,
  CoursePublicationSchema,
  PublishedLessonSchema,
  EnrolmentSchema,
  LessonProgressSchema,
  QuizAttemptSchema,
];

export const ENTITIES = [
  TenantSchema,
  UserSchema,
  UserIdentitySchema,
  SessionSchema,
  EmailVerificationSchema,
  PluginStateSchema,
  JobOutboxSchema,
  ...PEOPLE_ENTITIES,
  ...TENANT_OWNED_ENTITIES,
];
