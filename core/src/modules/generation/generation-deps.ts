import type { JobsService } from '../../jobs/jobs.service.ts';
import type { AiRoutingService } from '../ai-routing/ai-routing.service.ts';
import { LESSON_WRITING_JOB_KINDS } from '../courses/course-status.ts';
import type { LessonsService } from '../courses/lessons.service.ts';
import type { OutlineService } from '../courses/outline.service.ts';
import type { KnowledgeService } from '../knowledge/knowledge.service.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import type { UsageService } from './usage.service.ts';

export interface GenerationDeps {
  knowledge: KnowledgeService;
  plugins: TenantPluginsService;
  outline: OutlineService;
  lessons: LessonsService;
  usage: UsageService;
  jobs: JobsService;
  /** Which provider and model write each task, and the chain to fall back on. */
  routing: AiRoutingService;
}

export const JOB_KINDS = {
  outline: 'generate-outline',
  // Course status counts these as "writing lessons".
  ...LESSON_WRITING_JOB_KINDS,
} as const;
