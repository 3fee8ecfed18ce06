import { Migration0001IdentityAndTenancy } from './0001-identity-and-tenancy.ts';
import { Migration0002KnowledgeOutlineGeneration } from './0002-knowledge-outline-generation.ts';
import { Migration0003JobsAndEvents } from './0003-jobs-and-events.ts';
import { Migration0004UploadsAndExports } from './0004-uploads-and-exports.ts';
import { Migration0005Learning } from './0005-learning.ts';
import { Migration0006Billing } from './0006-billing.ts';
import { Migration0007IdentityLinks } from './0007-identity-links.ts';
import { Migration0008JobResentAt } from './0008-job-resent-at.ts';
import { Migration0009WsTicketUse } from './0009-ws-ticket-use.ts';
import { Migration0010PluginConfigChange } from './0010-plugin-config-change.ts';
import { Migration0011EmailVerification } from './0011-email-verification.ts';
import { Migration0012AiRouting } from './0012-ai-routing.ts';
import { Migration0013TenantPluginInstalls } from './0013-tenant-plugin-installs.ts';
import { Migration0014IdentityChangeNotices } from './0014-identity-change-notices.ts';
import { Migration0015PeopleAccounts } from './0015-people-accounts.ts';
import { Migration0016PeopleInvitations } from './0016-people-invitations.ts';
import { Migration0017PeopleCertificates } from './0017-people-certificates.ts';
import { Migration0018CourseStoredStatus } from './0018-course-stored-status.ts';
import { Migration0019SandboxStateNamespace } from './0019-sandbox-state-namespace.ts';
import { Migration0020PasswordChanges } from './0020-password-changes.ts';
import { Migration0021LearnerGroups } from './0021-learner-groups.ts';
import { Migration0022ExportCreatedBy } from './0022-export-created-by.ts';
import { Migration0023Notifications } from './0023-notifications.ts';
import { Migration0024ScormImport } from './0024-scorm-import.ts';
import { Migration0025JobTraceParent } from './0025-job-trace-parent.ts';

/**
 * Applied in order; names are recorded in the `mikro_orm_migrations` table, so never rename
 * or reorder an entry once it has shipped. Add a new file for every schema change.
 */
export const MIGRATIONS = [
  { name: '0001-identity-and-tenancy', class: Migration0001IdentityAndTenancy },
  { name: '0002-knowledge-outline-generation', class: Migration0002KnowledgeOutlineGeneration },
  { name: '0003-jobs-and-events', class: Migration0003JobsAndEvents },
  { name: '0004-uploads-and-exports', class: Migration0004UploadsAndExports },
  { name: '0005-learning', class: Migration0005Learning },
  { name: '0006-billing', class: Migration0006Billing },
  { name: '0007-identity-links', class: Migration0007IdentityLinks },
  { name: '0008-job-resent-at', class: Migration0008JobResentAt },
  { name: '0009-ws-ticket-use', class: Migration0009WsTicketUse },
  { name: '0010-plugin-config-change', class: Migration0010PluginConfigChange },
  { name: '0011-email-verification', class: Migration0011EmailVerification },
  { name: '0012-ai-routing', class: Migration0012AiRouting },
  { name: '0013-tenant-plugin-installs', class: Migration0013TenantPluginInstalls },
  { name: '0014-identity-change-notices', class: Migration0014IdentityChangeNotices },
  { name: '0015-people-accounts', class: Migration0015PeopleAccounts },
  { name: '0016-people-invitations', class: Migration0016PeopleInvitations },
  { name: '0017-people-certificates', class: Migration0017PeopleCertificates },
  { name: '0018-course-stored-status', class: Migration0018CourseStoredStatus },
  { name: '0019-sandbox-state-namespace', class: Migration0019SandboxStateNamespace },
  { name: '0020-password-changes', class: Migration0020PasswordChanges },
  { name: '0021-learner-groups', class: Migration0021LearnerGroups },
  { name: '0022-export-created-by', class: Migration0022ExportCreatedBy },
  { name: '0023-notifications', class: Migration0023Notifications },
  { name: '0024-scorm-import', class: Migration0024ScormImport },
  { name: '0025-job-trace-parent', class: Migration0025JobTraceParent },
];
