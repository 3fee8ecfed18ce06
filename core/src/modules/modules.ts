import { aiRoutingModule } from './ai-routing/index.ts';
import { billingModule } from './billing/index.ts';
import { certificatesModule } from './certificates/index.ts';
import { cmi5Module } from './cmi5/index.ts';
import { coursesModule } from './courses/index.ts';
import { exportsModule } from './exports/index.ts';
import { generationModule } from './generation/index.ts';
import { groupsModule } from './groups/index.ts';
import { identityModule } from './identity/index.ts';
import { jobsModule } from './jobs/index.ts';
import { knowledgeModule } from './knowledge/index.ts';
import { learningModule } from './learning/index.ts';
import { ltiModule } from './lti/index.ts';
import { notificationsModule } from './notifications/index.ts';
import { peopleModule } from './people/index.ts';
import { pluginsModule } from './plugins/index.ts';
import { scormModule } from './scorm/index.ts';
import { storageModule } from './storage/index.ts';
import { xapiModule } from './xapi/index.ts';

/**
 * Every module, in the order its routes are registered (which is the order of the OpenAPI
 * document's paths). `health` is not here: the composition root serves it before the request
 * scope and in every process role.
 */
export const MODULES = [
  identityModule,
  coursesModule,
  knowledgeModule,
  generationModule,
  aiRoutingModule,
  jobsModule,
  storageModule,
  exportsModule,
  learningModule,
  billingModule,
  pluginsModule,
  peopleModule,
  certificatesModule,
  groupsModule,
  notificationsModule,
  scormModule,
  xapiModule,
  ltiModule,
  cmi5Module,
] as const;
