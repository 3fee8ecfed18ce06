import type { FieldError } from '../../errors/mirai-error.ts';

/** Collects what is wrong with a statement, each with the JSON path of the offending field. */
export class Findings {
  readonly errors: FieldError[] = [];
  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }
}

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RFC 3987 needs a scheme; an IRI has no spaces or angle brackets. */
const IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i;
const MBOX = /^mailto:[^@\s]+@[^@\s]+$/;
const SHA1 = /^[0-9a-f]{40}$/i;
/** ISO 8601 date-time, as xAPI requires for timestamp and stored (a zone is recommended, not required). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const DURATION = /^P(?=\d|T\d)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;
/** RFC 5646 tags, loosely: letters and digits in hyphenated subtags. */
const LANGUAGE_TAG = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
export const isIri = (value: unknown): value is string => typeof value === 'string' && IRI.test(value);
export const isTimestamp = (value: unknown): value is string =>
  typeof value === 'string' && TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)) && !/-00(:?00)?$/.test(value);

export function onlyKeys(value: Json, allowed: readonly string[], path: string, findings: Findings): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) findings.add(`${path}/${key}`, 'is not a property xAPI 1.0.3 allows here');
}

export function checkIri(value: unknown, path: string, findings: Findings): void {
  if (!isIri(value)) findings.add(path, 'must be an IRI (with a scheme, no spaces)');
}

export function checkUuid(value: unknown, path: string, findings: Findings): void {
  if (!isUuid(value)) findings.add(path, 'must be a UUID');
}

export function checkTimestamp(value: unknown, path: string, findings: Findings): void {
  if (!isTimestamp(value)) findings.add(path, 'must be an ISO 8601 date-time (and not the -00:00 offset)');
}

export function checkDuration(value: unknown, path: string, findings: Findings): void {
  if (typeof value !== 'string' || !DURATION.test(value)) findings.add(path, 'must be an ISO 8601 duration such as PT1M30S');
}

export function checkLanguageMap(value: unknown, path: string, findings: Findings): void {
  if (!isObject(value)) {
    findings.add(path, 'must be a language map (an object of language tag → string)');
    return;
  }
  for (const [tag, text] of Object.entries(value)) {
    if (!LANGUAGE_TAG.test(tag)) findings.add(`${path}/${tag}`, 'is not a language tag');
    if (typeof text !== 'string') findings.add(`${path}/${tag}`, 'must be a string');
  }
}

export function checkExtensions(value: unknown, path: string, findings: Findings): void {
  if (!isObject(value)) {
    findings.add(path, 'must be an object keyed by IRIs');
    return;
  }
  for (const key of Object.keys(value)) if (!isIri(key)) findings.add(`${path}/${key}`, 'extension keys must be IRIs');
}

export function checkBoolean(value: unknown, path: string, findings: Findings): void {
  if (typeof value !== 'boolean') findings.add(path, 'must be true or false');
}

const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

/** Checks the inverse functional identifiers present; returns how many there are. */
function checkIdentifiers(actor: Json, path: string, findings: Findings): number {
  const present = IFI_KEYS.filter((key) => actor[key] !== undefined);
  if (actor.mbox !== undefined && (typeof actor.mbox !== 'string' || !MBOX.test(actor.mbox)))
    findings.add(`${path}/mbox`, 'must be a mailto: IRI such as mailto:learner@example.org');
  if (actor.mbox_sha1sum !== undefined && (typeof actor.mbox_sha1sum !== 'string' || !SHA1.test(actor.mbox_sha1sum)))
    findings.add(`${path}/mbox_sha1sum`, 'must be a hex SHA-1 of a mailto: IRI');
  if (actor.openid !== undefined) checkIri(actor.openid, `${path}/openid`, findings);
  if (actor.account !== undefined) {
    const account = actor.account;
    if (!isObject(account)) findings.add(`${path}/account`, 'must be an object with homePage and name');
    else {
      onlyKeys(account, ['homePage', 'name'], `${path}/account`, findings);
      checkIri(account.homePage, `${path}/account/homePage`, findings);
      if (typeof account.name !== 'string' || account.name === '') findings.add(`${path}/account/name`, 'must be a non-empty string');
    }
  }
  if (present.length > 1) findings.add(path, `must have exactly one of mbox, mbox_sha1sum, openid, account; it has ${present.join(', ')}`);
  return present.length;
}

const AGENT_KEYS = ['objectType', 'name', ...IFI_KEYS];

/** An Agent, or a Group when objectType says so (anonymous groups need members; members are Agents). */
export function checkAgentOrGroup(value: unknown, path: string, findings: Findings, options: { groupOnly?: boolean } = {}): void {
  if (!isObject(value)) {
    findings.add(path, 'must be an Agent or Group object');
    return;
  }
  if (value.name !== undefined && typeof value.name !== 'string') findings.add(`${path}/name`, 'must be a string');
  if (value.objectType === 'Group') {
    onlyKeys(value, [...AGENT_KEYS, 'member'], path, findings);
    const identifiers = checkIdentifiers(value, path, findings);
    if (value.member !== undefined && !Array.isArray(value.member)) findings.add(`${path}/member`, 'must be an array of Agents');
    const members = Array.isArray(value.member) ? value.member : [];
    if (identifiers === 0 && members.length === 0) findings.add(`${path}/member`, 'an anonymous Group needs at least one member');
    members.forEach((member, index) => {
      if (isObject(member) && member.objectType === 'Group') findings.add(`${path}/member/${index}`, 'Group members must be Agents');
      else checkAgentOrGroup(member, `${path}/member/${index}`, findings);
    });
    return;
  }
  if (options.groupOnly === true) {
    findings.add(`${path}/objectType`, 'must be Group');
    return;
  }
  if (value.objectType !== undefined && value.objectType !== 'Agent') findings.add(`${path}/objectType`, 'must be Agent or Group');
  onlyKeys(value, AGENT_KEYS, path, findings);
  if (checkIdentifiers(value, path, findings) === 0) findings.add(path, 'an Agent needs one of mbox, mbox_sha1sum, openid, account');
}

/** The identifier an agent is matched by in queries and documents (its inverse functional identifier). */
export function agentKey(value: unknown): string | null {
  if (!isObject(value)) return null;
  if (typeof value.mbox === 'string') return `mbox:${value.mbox.toLowerCase()}`;
  if (typeof value.mbox_sha1sum === 'string') return `mbox_sha1sum:${value.mbox_sha1sum.toLowerCase()}`;
  if (typeof value.openid === 'string') return `openid:${value.openid}`;
  if (isObject(value.account) && typeof value.account.homePage === 'string' && typeof value.account.name === 'string')
    return `account:${value.account.homePage}|${value.account.name}`;
  return null;
}
