import { Migration0001IdentityAndTenancy } from './0001-identity-and-tenancy.ts';
import { Migration0002KnowledgeOutlineGeneration } from './0002-knowledge-outline-generation.ts';
import { Migration0003JobsAndEvents } from './0003-jobs-and-events.ts';
import { Migration0004UploadsAndExports } from './0004-uploads-and-exports.ts';

/**
 * Applied in order; names are recorded in the `mikro_orm_migrations` table, so never rename
 * or reorder an entry once it has shipped. Add a new file for every schema change.
 */
export const MIGRATIONS = [
  { name: '0001-identity-and-tenancy', class: Migration0001IdentityAndTenancy },
  { name: '0002-knowledge-outline-generation', class: Migration0002KnowledgeOutlineGeneration },
  { name: '0003-jobs-and-events', class: Migration0003JobsAndEvents },
  { name: '0004-uploads-and-exports', class: Migration0004UploadsAndExports },
];
