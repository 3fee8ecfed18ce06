import type { FieldError } from '../../errors/mirai-error.ts';
import {
  checkAgentOrGroup,
  checkBoolean,
  checkDuration,
  checkExtensions,
  checkIri,
  checkLanguageMap,
  checkTimestamp,
  checkUuid,
  Findings,
  isObject,
  type Json,
  onlyKeys,
} from './xapi-values.ts';

// The xAPI 1.0.3 statement rules (Data, §2.4), written out: an LRS must refuse statements that
// break them with 400, and clients are helped most by every problem at once, each with its path.

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';

const INTERACTION_TYPES = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'];
const DEFINITION_KEYS = [
  'name',
  'description',
  'type',
  'moreInfo',
  'extensions',
  'interactionType',
  'correctResponsesPattern',
  'choices',
  'scale',
  'source',
  'target',
  'steps',
];

function checkDefinition(definition: unknown, path: string, findings: Findings): void {
  if (!isObject(definition)) {
    findings.add(path, 'must be an object');
    return;
  }
  onlyKeys(definition, DEFINITION_KEYS, path, findings);
  if (definition.name !== undefined) checkLanguageMap(definition.name, `${path}/name`, findings);
  if (definition.description !== undefined) checkLanguageMap(definition.description, `${path}/description`, findings);
  if (definition.type !== undefined) checkIri(definition.type, `${path}/type`, findings);
  if (definition.moreInfo !== undefined) checkIri(definition.moreInfo, `${path}/moreInfo`, findings);
  if (definition.extensions !== undefined) checkExtensions(definition.extensions, `${path}/extensions`, findings);
  if (definition.interactionType !== undefined && !INTERACTION_TYPES.includes(String(definition.interactionType)))
    findings.add(`${path}/interactionType`, `must be one of ${INTERACTION_TYPES.join(', ')}`);
  const pattern = definition.correctResponsesPattern;
  if (pattern !== undefined && (!Array.isArray(pattern) || !pattern.every((entry) => typeof entry === 'string')))
    findings.add(`${path}/correctResponsesPattern`, 'must be an array of strings');
  for (const list of ['choices', 'scale', 'source', 'target', 'steps'] as const) {
    const components = definition[list];
    if (components === undefined) continue;
    if (!Array.isArray(components)) {
      findings.add(`${path}/${list}`, 'must be an array of interaction components');
      continue;
    }
    components.forEach((component, index) => {
      if (!isObject(component) || typeof component.id !== 'string' || component.id === '')
        findings.add(`${path}/${list}/${index}`, 'must have a non-empty string id');
      else if (component.description !== undefined) checkLanguageMap(component.description, `${path}/${list}/${index}/description`, findings);
    });
  }
}

function checkActivity(activity: Json, path: string, findings: Findings): void {
  onlyKeys(activity, ['objectType', 'id', 'definition'], path, findings);
  checkIri(activity.id, `${path}/id`, findings);
  if (activity.definition !== undefined) checkDefinition(activity.definition, `${path}/definition`, findings);
}

function checkObject(object: unknown, path: string, findings: Findings, inSubStatement: boolean): void {
  if (!isObject(object)) {
    findings.add(path, 'is required: an Activity, Agent, Group, StatementRef or SubStatement');
    return;
  }
  switch (object.objectType ?? 'Activity') {
    case 'Activity':
      checkActivity(object, path, findings);
      return;
    case 'Agent':
    case 'Group':
      checkAgentOrGroup(object, path, findings);
      return;
    case 'StatementRef':
      onlyKeys(object, ['objectType', 'id'], path, findings);
      checkUuid(object.id, `${path}/id`, findings);
      return;
    case 'SubStatement':
      if (inSubStatement) {
        findings.add(path, 'a SubStatement cannot contain another SubStatement');
        return;
      }
      onlyKeys(object, ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments'], path, findings);
      checkCore(object, path, findings, true);
      return;
    default:
      findings.add(`${path}/objectType`, 'must be Activity, Agent, Group, StatementRef or SubStatement');
  }
}

function checkScore(score: unknown, path: string, findings: Findings): void {
  if (!isObject(score)) {
    findings.add(path, 'must be an object');
    return;
  }
  onlyKeys(score, ['scaled', 'raw', 'min', 'max'], path, findings);
  for (const key of ['scaled', 'raw', 'min', 'max'] as const)
    if (score[key] !== undefined && typeof score[key] !== 'number') findings.add(`${path}/${key}`, 'must be a number');
  const { scaled, raw, min, max } = score;
  if (typeof scaled === 'number' && (scaled < -1 || scaled > 1)) findings.add(`${path}/scaled`, 'must be between -1 and 1');
  if (typeof min === 'number' && typeof max === 'number' && min >= max) findings.add(`${path}/min`, 'must be less than max');
  if (typeof raw === 'number' && typeof min === 'number' && raw < min) findings.add(`${path}/raw`, 'must not be below min');
  if (typeof raw === 'number' && typeof max === 'number' && raw > max) findings.add(`${path}/raw`, 'must not be above max');
}

function checkResult(result: unknown, path: string, findings: Findings): void {
  if (!isObject(result)) {
    findings.add(path, 'must be an object');
    return;
  }
  onlyKeys(result, ['score', 'success', 'completion', 'response', 'duration', 'extensions'], path, findings);
  if (result.score !== undefined) checkScore(result.score, `${path}/score`, findings);
  if (result.success !== undefined) checkBoolean(result.success, `${path}/success`, findings);
  if (result.completion !== undefined) checkBoolean(result.completion, `${path}/completion`, findings);
  if (result.response !== undefined && typeof result.response !== 'string') findings.add(`${path}/response`, 'must be a string');
  if (result.duration !== undefined) checkDuration(result.duration, `${path}/duration`, findings);
  if (result.extensions !== undefined) checkExtensions(result.extensions, `${path}/extensions`, findings);
}

function checkContextActivities(value: unknown, path: string, findings: Findings): void {
  if (!isObject(value)) {
    findings.add(path, 'must be an object of parent, grouping, category, other');
    return;
  }
  onlyKeys(value, ['parent', 'grouping', 'category', 'other'], path, findings);
  for (const [key, entry] of Object.entries(value)) {
    const activities = Array.isArray(entry) ? entry : [entry];
    activities.forEach((activity, index) => {
      const at = Array.isArray(entry) ? `${path}/${key}/${index}` : `${path}/${key}`;
      if (!isObject(activity) || (activity.objectType !== undefined && activity.objectType !== 'Activity')) findings.add(at, 'must be an Activity');
      else checkActivity(activity, at, findings);
    });
  }
}

function checkContext(context: unknown, object: unknown, path: string, findings: Findings): void {
  if (!isObject(context)) {
    findings.add(path, 'must be an object');
    return;
  }
  onlyKeys(
    context,
    ['registration', 'instructor', 'team', 'contextActivities', 'revision', 'platform', 'language', 'statement', 'extensions'],
    path,
    findings,
  );
  if (context.registration !== undefined) checkUuid(context.registration, `${path}/registration`, findings);
  if (context.instructor !== undefined) checkAgentOrGroup(context.instructor, `${path}/instructor`, findings);
  if (context.team !== undefined) checkAgentOrGroup(context.team, `${path}/team`, findings, { groupOnly: true });
  if (context.contextActivities !== undefined) checkContextActivities(context.contextActivities, `${path}/contextActivities`, findings);
  const objectIsActivity = isObject(object) && (object.objectType === undefined || object.objectType === 'Activity');
  for (const key of ['revision', 'platform'] as const) {
    if (context[key] === undefined) continue;
    if (typeof context[key] !== 'string') findings.add(`${path}/${key}`, 'must be a string');
    if (!objectIsActivity) findings.add(`${path}/${key}`, 'is only allowed when the object is an Activity');
  }
  if (context.language !== undefined && typeof context.language !== 'string') findings.add(`${path}/language`, 'must be a language tag');
  if (context.statement !== undefined) {
    if (!isObject(context.statement) || context.statement.objectType !== 'StatementRef') findings.add(`${path}/statement`, 'must be a StatementRef');
    else checkUuid(context.statement.id, `${path}/statement/id`, findings);
  }
  if (context.extensions !== undefined) checkExtensions(context.extensions, `${path}/extensions`, findings);
}

function checkAttachments(attachments: unknown, path: string, findings: Findings): void {
  if (!Array.isArray(attachments)) {
    findings.add(path, 'must be an array');
    return;
  }
  attachments.forEach((attachment, index) => {
    const at = `${path}/${index}`;
    if (!isObject(attachment)) {
      findings.add(at, 'must be an object');
      return;
    }
    onlyKeys(attachment, ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl'], at, findings);
    checkIri(attachment.usageType, `${at}/usageType`, findings);
    checkLanguageMap(attachment.display, `${at}/display`, findings);
    if (typeof attachment.contentType !== 'string') findings.add(`${at}/contentType`, 'must be a media type');
    if (!Number.isInteger(attachment.length)) findings.add(`${at}/length`, 'must be an integer');
    if (typeof attachment.sha2 !== 'string') findings.add(`${at}/sha2`, 'must be the SHA-2 of the attachment');
  });
}

/** What statements and sub-statements share: actor, verb, object, result, context, timestamp. */
function checkCore(statement: Json, path: string, findings: Findings, inSubStatement: boolean): void {
  checkAgentOrGroup(statement.actor, `${path}/actor`, findings);
  const verb = statement.verb;
  if (!isObject(verb)) findings.add(`${path}/verb`, 'is required: an object with an IRI id');
  else {
    onlyKeys(verb, ['id', 'display'], `${path}/verb`, findings);
    checkIri(verb.id, `${path}/verb/id`, findings);
    if (verb.display !== undefined) checkLanguageMap(verb.display, `${path}/verb/display`, findings);
  }
  checkObject(statement.object, `${path}/object`, findings, inSubStatement);
  if (statement.result !== undefined) checkResult(statement.result, `${path}/result`, findings);
  if (statement.context !== undefined) checkContext(statement.context, statement.object, `${path}/context`, findings);
  if (statement.timestamp !== undefined) checkTimestamp(statement.timestamp, `${path}/timestamp`, findings);
  if (statement.attachments !== undefined) checkAttachments(statement.attachments, `${path}/attachments`, findings);
  if (isObject(verb) && verb.id === VOIDED_VERB && (!isObject(statement.object) || statement.object.objectType !== 'StatementRef'))
    findings.add(`${path}/object`, 'a voiding statement must have a StatementRef object naming the statement it voids');
}

/** Every way `value` breaks the xAPI 1.0.3 statement rules; empty when it is a valid statement. */
export function statementProblems(value: unknown, path: string): FieldError[] {
  const findings = new Findings();
  if (!isObject(value)) {
    findings.add(path, 'must be a statement object');
    return findings.errors;
  }
  onlyKeys(
    value,
    ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments', 'objectType'],
    path,
    findings,
  );
  // PostgreSQL text and jsonb cannot hold U+0000.
  if (JSON.stringify(value).includes('\\u0000')) findings.add(path, 'must not contain the character U+0000');
  if (value.id !== undefined) checkUuid(value.id, `${path}/id`, findings);
  if (value.objectType !== undefined) findings.add(`${path}/objectType`, 'a statement has no objectType');
  checkCore(value, path, findings, false);
  if (value.stored !== undefined) checkTimestamp(value.stored, `${path}/stored`, findings);
  if (value.authority !== undefined) checkAgentOrGroup(value.authority, `${path}/authority`, findings);
  if (value.version !== undefined && (typeof value.version !== 'string' || !/^1\.0(\.\d+)?$/.test(value.version)))
    findings.add(`${path}/version`, 'must be a 1.0.x version');
  return findings.errors;
}
