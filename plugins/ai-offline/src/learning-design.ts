import type { AudiencePersona, CourseBrief } from '@mirai/sdk-plugin';
import { capitalizeFirst, hashString, looksPlural, lowerFirst, withArticle } from './text-analysis.ts';

export type Level = AudiencePersona['level'];

/** Who a course is written for, reduced to what the templates need. */
export interface Audience {
  level: Level;
  /** "a warehouse operative", or null when the brief names no audience. */
  role: string | null;
  /** Every audience's role, e.g. "warehouse operatives and team leaders" → ["warehouse operative", "team leader"]. */
  roles: string[];
  goals: string;
  priorKnowledge: string;
}

export function audienceOf(course: CourseBrief): Audience {
  const primary = course.audiences[0];
  const roles = course.audiences.map((audience) => lowerFirst(audience.role.trim())).filter((role) => role.length > 0);
  return {
    level: primary?.level ?? 'intermediate',
    role: roles[0] === undefined ? null : withArticle(roles[0]),
    roles: [...new Set(roles)],
    goals: primary?.goals.trim() ?? '',
    priorKnowledge: primary?.priorKnowledge.trim() ?? '',
  };
}

/**
 * Action verbs by audience level (Bloom's taxonomy, low to high): beginners identify and
 * describe, intermediate learners explain, compare and apply, advanced learners evaluate
 * and design.
 */
export const LEVEL_VERBS: Record<Level, readonly string[]> = {
  beginner: ['Describe', 'Recognise', 'Give', 'List', 'Identify'],
  intermediate: ['Explain', 'Compare', 'Apply', 'Summarise'],
  advanced: ['Evaluate', 'Analyse', 'Design', 'Justify'],
};

/** Every verb an objective written by this provider may start with. */
export const OBJECTIVE_VERBS: ReadonlySet<string> = new Set(Object.values(LEVEL_VERBS).flat());

export interface ObjectiveTopic {
  /** Noun phrase, e.g. "risk assessment" or "TILE". */
  subject: string;
  /** Article the source used with the subject ("a", "the" or ""). */
  article: string;
  /** Whether the material defines the subject ("X is a …"). */
  defined: boolean;
  /** A heading phrased as a question-like clause, e.g. "why injuries happen". */
  whClause: string | null;
  /** Another term from the same part of the material, with its article, e.g. "a near miss". */
  related: string | null;
  /** 0 foundational, 1 core, 2 applied. */
  stage: number;
}

type Template = (topic: ObjectiveTopic, audience: Audience) => string | null;

const agree = (noun: string, singular: string, plural: string) => (looksPlural(noun) ? plural : singular);
const named = (topic: ObjectiveTopic) => (topic.article === '' ? topic.subject : `${topic.article} ${topic.subject}`);
const asRole = (audience: Audience) => (audience.role === null ? '' : ` as ${audience.role}`);

/** Alternatives per kind of objective; a lesson uses one, chosen by hashing its subject. */
const CONCEPT: Record<Level, Template[]> = {
  beginner: [
    (t) =>
      t.whClause !== null
        ? `Describe ${t.whClause}`
        : t.defined
          ? `Describe what ${named(t)} ${agree(t.subject, 'is', 'are')}`
          : `Describe the main ideas of ${named(t)}`,
  ],
  intermediate: [
    (t, a) =>
      t.whClause !== null
        ? `Explain ${t.whClause}`
        : `Explain why ${named(t)} ${agree(t.subject, 'matters', 'matter')} ${a.role === null ? 'in your work' : `for ${a.role}`}`,
  ],
  advanced: [
    (t) => `Evaluate how well your workplace manages ${named(t)} today`,
    (t) => `Evaluate the strengths and limits of current practice on ${named(t)}`,
  ],
};

const RELATION: Record<Level, Template[]> = {
  beginner: [(t) => (t.related === null ? null : `Recognise how ${t.related} ${agree(t.related, 'relates', 'relate')} to ${named(t)}`)],
  intermediate: [(t) => (t.related === null ? null : `Compare ${named(t)} with ${t.related}`)],
  advanced: [(t) => (t.related === null ? null : `Analyse the link between ${named(t)} and ${t.related}`)],
};

const APPLICATION: Record<Level, Template[]> = {
  beginner: [
    (t, a) => `Give an everyday example of ${named(t)} from your work${asRole(a)}`,
    (t, a) => `Identify where ${named(t)} ${agree(t.subject, 'comes', 'come')} up in a typical working day${asRole(a)}`,
  ],
  intermediate: [
    (t, a) => `Apply what you learned about ${named(t)} to a realistic task${asRole(a)}`,
    (t) => `Apply ${named(t)} to a case from your own work`,
  ],
  advanced: [
    (t) =>
      t.stage === 2
        ? `Design a workplace procedure that puts ${named(t)} into practice`
        : `Design a short briefing on ${named(t)} for new colleagues`,
  ],
};

const CHECK: Record<Level, Template[]> = {
  beginner: [(t) => `List the key points to remember about ${named(t)}`, (t) => `Identify common mistakes to avoid with ${named(t)}`],
  intermediate: [
    (t) => `Summarise the key points about ${named(t)} for a colleague`,
    (t) => `Explain common mistakes with ${named(t)} and how to avoid them`,
  ],
  advanced: [(t) => `Justify decisions about ${named(t)} with evidence from the source material`],
};

/**
 * Two to four objectives for a lesson, starting with action verbs for the audience's level;
 * applied lessons lead with the application objective.
 */
export function writeObjectives(topic: ObjectiveTopic, audience: Audience, count: number): string[] {
  const order = topic.stage === 2 ? [APPLICATION, CONCEPT, RELATION, CHECK] : [CONCEPT, RELATION, APPLICATION, CHECK];
  const variant = hashString(topic.subject);
  const objectives: string[] = [];
  for (const kinds of order) {
    const options = kinds[audience.level];
    const template = options[variant % options.length];
    const objective = template === undefined ? null : template(topic, audience);
    if (objective !== null && !objectives.some((existing) => existing.toLowerCase() === objective.toLowerCase())) objectives.push(objective);
  }
  return objectives.slice(0, Math.max(2, Math.min(4, count)));
}

const GERUNDS: Record<string, string> = {
  apply: 'Applying',
  analyse: 'Analysing',
  analyze: 'Analyzing',
  define: 'Defining',
  describe: 'Describing',
  design: 'Designing',
  give: 'Giving',
  identify: 'Identifying',
  justify: 'Justifying',
  list: 'Listing',
  plan: 'Planning',
  recognise: 'Recognising',
  recognize: 'Recognizing',
  use: 'Using',
};

/** "describe" → "Describing", "plan" → "Planning", "apply" → "Applying". */
export function gerund(verb: string): string {
  const lower = verb.toLowerCase();
  const known = GERUNDS[lower];
  if (known !== undefined) return known;
  if (/ie$/.test(lower)) return capitalizeFirst(`${lower.slice(0, -2)}ying`);
  if (/[^aeiou]e$/.test(lower) && lower.length > 2) return capitalizeFirst(`${lower.slice(0, -1)}ing`);
  if (/^[^aeiou]*[aeiou][bdgklmnprt]$/.test(lower)) return capitalizeFirst(`${lower}${lower.slice(-1)}ing`);
  return capitalizeFirst(`${lower}ing`);
}

/** Splits "Explain why X matters" into its verb and the rest. */
export function splitObjective(objective: string): { verb: string; rest: string } {
  const match = objective.trim().match(/^([A-Za-z]+)\s+(.+)$/);
  return { verb: match?.[1] ?? '', rest: (match?.[2] ?? objective).replace(/[.\s]+$/, '') };
}

/**
 * A section heading for an objective: "Describe why injuries happen" → "Why injuries happen";
 * "Apply what you learned about TILE to a realistic task as a …" → "Applying what you learned
 * about TILE to a realistic task".
 */
export function headingForObjective(objective: string): string {
  const { verb, rest } = splitObjective(objective);
  const trimmed = rest.replace(/\s+(?:as an? |in your role |from your work\b|for an? |for new colleagues|with evidence from).*$/i, '');
  if (/^(what|why|how|when|where|which|who)\b/i.test(trimmed)) return capitalizeFirst(trimmed);
  return verb.length === 0 ? capitalizeFirst(trimmed) : `${gerund(verb)} ${trimmed}`;
}
