import { words } from './text-analysis.ts';

/** What a rewrite instruction asks of a converter that can only select and rearrange sentences. */
export interface Rewrite {
  /** Keep each paragraph's first sentence. */
  shorter: boolean;
  /** Paragraph sentences become list items. */
  asList: boolean;
  /** List items become sentences of a paragraph. */
  asProse: boolean;
  /** Keep only the blocks that mention these words (from "focus on …"). */
  focus: string[];
}

const SHORTER = /\b(?:shorter|shorten|brief|briefer|concise|condense|trim|cut it down|less text|fewer words|tighter)\b/;
const AS_LIST =
  /\b(?:(?:as|into|in|use|with)\s+(?:a\s+)?(?:bullet(?:ed)?\s+)?(?:list|bullets|bullet points|checklist)|bullet(?:ed)?(?: points)?|list form)\b/;
const AS_PROSE = /\b(?:(?:as|into|in)\s+(?:prose|paragraphs?|running text)|no (?:bullets|lists?))\b/;
const FOCUS = /\b(?:focus(?:ed|ing)?\s+(?:only\s+)?on|only\s+about|just\s+about|only\s+cover)\s+(.+)$/;
/** Words that carry no request of their own ("please make it a bit shorter"). */
const FILLER = new Set(
  `please make it this that the a an lesson text section sections content bit little much more somewhat rather could would you can and
  be keep write rewrite put turn give me version just so too its is are of to`.split(/\s+/),
);

/** The rewrites parseInstruction recognises, as the host lists them to authors. */
export const INSTRUCTIONS_FOLLOWED = ['shorter', 'as a list', 'as prose', 'focus on <a term the documents use>'] as const;

export const CAPABILITIES_TEXT = 'it can make a lesson shorter, put it as a list, turn its lists into prose, or focus it on a term the documents use';

/** The instruction as a Rewrite, or why ai-offline cannot follow it. */
export function parseInstruction(instruction: string): { rewrite: Rewrite } | { refusal: string } {
  let rest = instruction.toLowerCase().replace(/[“”"'.!?,;:()]/g, ' ');
  const focusMatch = rest.match(FOCUS);
  const focus = focusMatch?.[1] === undefined ? [] : words(focusMatch[1]).filter((word) => !FILLER.has(word));
  if (focusMatch !== null) rest = rest.slice(0, focusMatch.index);
  const shorter = SHORTER.test(rest);
  const asList = AS_LIST.test(rest);
  const asProse = AS_PROSE.test(rest);
  for (const pattern of [SHORTER, AS_LIST, AS_PROSE]) rest = rest.replace(new RegExp(pattern.source, 'g'), ' ');
  const unknown = words(rest).filter((word) => !FILLER.has(word));
  if (
    unknown.length > 0 ||
    (focusMatch !== null && focus.length === 0) ||
    (asList && asProse) ||
    (!shorter && !asList && !asProse && focus.length === 0)
  )
    return {
      refusal: `ai-offline assembles lessons from the documents without a model, so it cannot follow “${instruction.trim()}”: ${CAPABILITIES_TEXT}. Connect a model (enable ai-openai or ai-gemini in Admin → Plugins, and route rewrites to it in Admin → AI routing) for other rewrites.`,
    };
  return { rewrite: { shorter, asList, asProse, focus } };
}
