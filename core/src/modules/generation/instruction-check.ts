/**
 * Whether a model's rewrite visibly follows the author's instruction: the instruction's key terms
 * (quoted phrases, names, numbers, content words) appear in the result, a request to shorten gave
 * fewer words, a request for a list gave list items. A check of the surface, not of meaning: it
 * catches a model that ignored the instruction, and tells the author instead of claiming success.
 */
export interface InstructionCheck {
  followed: boolean;
  /** The key terms looked for in the result. */
  terms: string[];
  /** Terms (or "shorter", "a list") the result does not show. */
  missing: string[];
}

/** Words that ask for a change without naming content ("please add a short example about …"). */
const REQUEST_WORDS = new Set(
  `a an the and or but of to in on for with by at from into about as it its this that these those lesson lessons section sections text
  content part please make made write rewrite rephrase put turn use give keep add adding include including mention cover explain describe
  expand shorten shorter longer simplify simpler simple clearer clear concise brief briefly more less fewer much many some any each every
  very bit little also too so just only be is are was were can could should would will i me my we our you your they them their
  example examples detail details paragraph paragraphs list lists bullet bullets bulleted point points tone style way version words
  sentence sentences friendly formal informal plain language reader readers learner learners audience beginner beginners short long`.split(/\s+/),
);

const SHORTER = /\b(?:shorter|shorten|concise|condense|brief|briefer|trim|fewer words|less text)\b/i;
const AS_LIST = /\b(?:bullet(?:ed|s)?|(?:as|into|in) a (?:list|checklist)|list form)\b/i;

function stem(term: string): string {
  if (term.length <= 4 || /\d/.test(term)) return term;
  return term.replace(/(?:ies|es|s|ing|ed)$/, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The instruction's key terms: quoted phrases whole, then the other content words. */
export function instructionTerms(instruction: string): string[] {
  const quoted = [...instruction.matchAll(/["“”'‘’]([^"“”'‘’]{2,80})["“”'‘’]/g)].map((m) => (m[1] ?? '').trim().toLowerCase());
  const rest = instruction.replace(/["“”'‘’][^"“”'‘’]{2,80}["“”'‘’]/g, ' ').toLowerCase();
  const words = (rest.match(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu) ?? []).filter(
    (word) => !REQUEST_WORDS.has(word) && (word.length >= 3 || /\d/.test(word)),
  );
  return [...new Set([...quoted.filter((q) => q !== ''), ...words])];
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

export function checkInstruction(instruction: string, result: string, previousText?: string): InstructionCheck {
  const text = result.toLowerCase();
  const terms = instructionTerms(instruction);
  const missing = terms.filter((term) => !new RegExp(`(?:^|[^\\p{L}\\p{N}])${escapeRegExp(stem(term))}`, 'u').test(text));
  if (SHORTER.test(instruction) && previousText !== undefined && wordCount(result) >= wordCount(previousText)) missing.push('shorter');
  if (AS_LIST.test(instruction) && !/^\s*(?:[-*]|\d+\.)\s/m.test(result)) missing.push('a list');
  return { followed: missing.length === 0, terms, missing };
}

/** What the author reads when the check fails. */
export function instructionCheckMessage(check: InstructionCheck): string | null {
  if (check.followed) return null;
  return `The rewrite may not follow the instruction: it does not show ${check.missing.map((m) => `“${m}”`).join(', ')}. Try rephrasing it, or edit the lesson.`;
}
