import type { EntityManager } from '@mikro-orm/postgresql';
import type { AiProvider, CourseBrief, TenantContext } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { Course } from '../courses/course-records.ts';
import type { ChunkHit, KnowledgeService } from '../knowledge/knowledge.service.ts';
import { knowledgeRecords } from '../knowledge/knowledge-records.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';

export interface ResolvedAi {
  plugin: string;
  ai: AiProvider;
  tenant: TenantContext;
}

/** The course as the prompt and structured task see it, audiences resolved. */
export async function courseBrief(em: EntityManager, course: Course): Promise<CourseBrief> {
  const audiences = await knowledgeRecords.audiences(em, course.audienceIds);
  return {
    title: course.title,
    desiredOutcome: course.desiredOutcome,
    language: course.language,
    audiences: audiences.map((a) => ({ name: a.name, role: a.role, level: a.level, priorKnowledge: a.priorKnowledge, goals: a.goals })),
  };
}

export function audiencesText(brief: CourseBrief): string {
  if (brief.audiences.length === 0) return '- General professional audience';
  return brief.audiences.map((a) => `- ${a.name}: ${a.role}, ${a.level}; knows: ${a.priorKnowledge}; wants: ${a.goals}`).join('\n');
}

export function sourcesText(sources: ChunkHit[]): string {
  if (sources.length === 0) return '(none: the course has no SME documents; say less rather than invent)';
  return sources.map((s, i) => `[${i + 1}] ${s.smeName}, "${s.documentTitle}":\n${s.text}`).join('\n\n');
}

export async function retrieve(knowledge: KnowledgeService, em: EntityManager, course: Course, query: string, limit: number): Promise<ChunkHit[]> {
  return knowledge.search(em, course.tenantId, course.smeIds, query, limit, { language: course.language });
}

/** Most excerpts an outline reads: the documents' whole structure, in their order, up to this. */
const OUTLINE_CHUNKS = 60;

/** The course's documents in their own order, so an outline can follow their structure and length. */
export async function outlineSources(knowledge: KnowledgeService, em: EntityManager, course: Course): Promise<ChunkHit[]> {
  return knowledge.inDocumentOrder(em, course.tenantId, course.smeIds, OUTLINE_CHUNKS);
}

/**
 * A lesson's sources: the excerpts under the heading the lesson is named after (its own
 * section, whole and in order) first, then the best full-text matches for its title and objectives.
 */
export async function lessonSources(
  knowledge: KnowledgeService,
  em: EntityManager,
  course: Course,
  title: string,
  query: string,
): Promise<ChunkHit[]> {
  const own = await knowledge.inDocumentOrder(em, course.tenantId, course.smeIds, 6, title);
  const related = await retrieve(knowledge, em, course, query, 6);
  const ids = new Set(own.map((chunk) => chunk.id));
  return [...own, ...related.filter((chunk) => !ids.has(chunk.id))].slice(0, Math.max(8, own.length));
}

/** The tenant's AI provider: the most recently configured enabled one. */
export async function resolveAi(plugins: TenantPluginsService, em: EntityManager, tenantId: string, signal: AbortSignal): Promise<ResolvedAi> {
  const [first] = await plugins.enabled(em, tenantId, 'ai');
  if (first === undefined)
    throw new MiraiError('MIRAI_ERR_PLUGIN_CAPABILITY_UNAVAILABLE', 'No AI provider is enabled for this organisation; enable one under Plugins');
  return { plugin: first.plugin, ai: first.implementation, tenant: { ...first.tenant, signal } };
}
