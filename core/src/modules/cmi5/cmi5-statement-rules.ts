import { agentKey, isObject, type Json } from '../xapi/xapi-values.ts';
import { CMI5_CATEGORY, type Cmi5Verb, cmi5VerbOf, LMS_VERBS, SESSION_ID_EXTENSION } from './cmi5-vocabulary.ts';

/** What the rules need to know about the launch a statement comes from. */
export interface SessionView {
  sessionId: string;
  registration: string;
  actorKey: string;
  activityId: string;
  launchMode: string;
  masteryScore: number | null;
  state: 'launched' | 'initialized' | 'terminated' | 'abandoned';
  /** cmi5 defined verbs sent in this session so far. */
  verbs: Cmi5Verb[];
  /** Already achieved in this registration (earlier sessions included). */
  completed: boolean;
  passed: boolean;
}

const categoryIds = (context: Json): string[] => {
  const activities = isObject(context.contextActivities) ? context.contextActivities : {};
  const category = activities.category;
  const list = Array.isArray(category) ? category : category === undefined ? [] : [category];
  return list.flatMap((entry) => (isObject(entry) && typeof entry.id === 'string' ? [entry.id] : []));
};

const scaledOf = (statement: Json): number | null => {
  const result = isObject(statement.result) ? statement.result : {};
  const score = isObject(result.score) ? result.score : {};
  return typeof score.scaled === 'number' ? score.scaled : null;
};

/**
 * The cmi5 rules (spec §9.3, §10) for one AU statement, given the session as it stands before it;
 * returns what is wrong (null when it is fine) and the session after it. Statements of a batch go
 * through one by one, so a batch of initialized + completed is judged in that order.
 */
export function judgeAuStatement(statement: Json, session: SessionView): { problem: string | null; next: SessionView } {
  const refuse = (problem: string) => ({ problem, next: session });
  if (agentKey(statement.actor) !== session.actorKey) return refuse('actor must be the launched learner (the actor of the launch URL)');
  const context = isObject(statement.context) ? statement.context : {};
  if (String(context.registration ?? '').toLowerCase() !== session.registration)
    return refuse(`context.registration must be this launch's registration ${session.registration}`);
  if (session.state === 'terminated' || session.state === 'abandoned') return refuse(`the session is ${session.state}; launch the AU again`);
  const verb = cmi5VerbOf(isObject(statement.verb) ? String(statement.verb.id) : '');
  const defined = verb !== null && categoryIds(context).includes(CMI5_CATEGORY);
  if (verb !== null && LMS_VERBS.includes(verb)) return refuse(`"${verb}" statements are the LMS's to send, not the AU's`);
  if (!defined) {
    if (session.state === 'launched') return refuse('the AU must send "initialized" before any other statement');
    return { problem: null, next: session };
  }
  const extensions = isObject(context.extensions) ? context.extensions : {};
  if (extensions[SESSION_ID_EXTENSION] !== session.sessionId)
    return refuse(`a cmi5 defined statement needs context.extensions["${SESSION_ID_EXTENSION}"] = this launch's session id`);
  const object = isObject(statement.object) ? statement.object : {};
  if (object.id !== session.activityId) return refuse(`object.id must be the AU's activityId ${session.activityId}`);
  const after = (changes: Partial<SessionView>) => ({ problem: null, next: { ...session, ...changes, verbs: [...session.verbs, verb as Cmi5Verb] } });
  if (verb === 'initialized')
    return session.state === 'launched' ? after({ state: 'initialized' }) : refuse('"initialized" was already sent in this session');
  if (session.state === 'launched') return refuse(`the AU must send "initialized" before "${verb}"`);
  if (verb === 'terminated') return after({ state: 'terminated' });
  if (session.launchMode !== 'Normal') return refuse(`in ${session.launchMode} mode the AU may not send "${verb}"`);
  if (verb === 'completed') return session.completed ? refuse('"completed" was already sent in this registration') : after({ completed: true });
  if (session.verbs.includes('passed') || session.verbs.includes('failed') || session.passed)
    return refuse(`"${verb}" after this registration was already judged passed or this session failed`);
  const scaled = scaledOf(statement);
  if (session.masteryScore !== null && scaled !== null) {
    if (verb === 'passed' && scaled < session.masteryScore)
      return refuse(`"passed" with score ${scaled} is below the mastery score ${session.masteryScore}`);
    if (verb === 'failed' && scaled >= session.masteryScore)
      return refuse(`"failed" with score ${scaled} reaches the mastery score ${session.masteryScore}`);
  }
  return verb === 'passed' ? after({ passed: true }) : after({});
}
