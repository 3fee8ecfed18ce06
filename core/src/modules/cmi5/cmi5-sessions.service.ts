import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { hashToken } from '../identity/tokens.ts';
import type { EnrolmentsService } from '../learning/enrolments.service.ts';
import type { ScopedCredentialVerifier, XapiCaller } from '../xapi/xapi-credentials.service.ts';
import { agentKey, isObject, type Json } from '../xapi/xapi-values.ts';
import type { Cmi5LmsStatements } from './cmi5-lms-statements.ts';
import {
  type Cmi5Au,
  Cmi5AuSchema,
  type Cmi5AuStatus,
  Cmi5AuStatusSchema,
  Cmi5CourseSchema,
  type Cmi5Registration,
  Cmi5RegistrationSchema,
  type Cmi5Session,
  Cmi5SessionSchema,
} from './cmi5-records.entity.ts';
import { judgeAuStatement, type SessionView } from './cmi5-statement-rules.ts';
import { ACTIVITY_TYPE, type Cmi5Verb, cmi5VerbOf } from './cmi5-vocabulary.ts';
import { auSatisfied, satisfiedActivities } from './move-on.ts';

/** The pseudo-block id under which an AU's judged results are kept with quiz attempts (the gradebook reads those). */
export const AU_RESULT_BLOCK = 'cmi5-au';
export const CMI5_KEY_PREFIX = 'cmi5-';

const scaledOf = (statement: Json): number | null => {
  const result = isObject(statement.result) ? statement.result : {};
  const score = isObject(result.score) ? result.score : {};
  return typeof score.scaled === 'number' ? score.scaled : null;
};

/** The learner as an AuthContext, for the enrolment services (a cmi5 token acts for exactly one learner). */
const learnerAuth = (session: Cmi5Session, registration: Cmi5Registration): AuthContext => ({
  sessionId: session.id,
  sessionKind: 'core',
  userId: registration.userId,
  email: '',
  tenantId: session.tenantId,
  role: 'learner',
});

/**
 * A launch's auth token as an LRS credential, and what the LMS does with the statements it sends:
 * judge them against cmi5's rules, keep the AU's results, and when moveOn is met complete the
 * lesson, record the result for the gradebook and send `satisfied` for blocks and the course.
 */
export class Cmi5SessionsService implements ScopedCredentialVerifier {
  readonly keyPrefix = CMI5_KEY_PREFIX;
  readonly #deps: { enrolments: EnrolmentsService; lms: Cmi5LmsStatements; publicUrl: string };

  constructor(deps: { enrolments: EnrolmentsService; lms: Cmi5LmsStatements; publicUrl: string }) {
    this.#deps = deps;
  }

  async verify(em: EntityManager, key: string, secret: string): Promise<XapiCaller | null> {
    const sessionId = key.slice(CMI5_KEY_PREFIX.length);
    if (!/^[0-9a-f-]{36}$/.test(sessionId)) return null;
    const session = await em.findOne(Cmi5SessionSchema, { id: sessionId }, { filters: { tenant: false } });
    if (session === null || session.tokenHash === null || session.tokenHash !== hashToken(secret)) return null;
    const registration = await em.findOneOrFail(Cmi5RegistrationSchema, { id: session.registrationId }, { filters: { tenant: false } });
    return {
      tenantId: session.tenantId,
      credentialId: session.id,
      authority: { objectType: 'Agent', name: 'cmi5 launch', account: { homePage: this.#deps.publicUrl, name: key } },
      scope: {
        registration: registration.id,
        agentKey: agentKey(registration.actor) ?? '',
        accept: (tx, statements) => this.#accept(tx, session.id, statements),
        stored: (tx, statements) => this.#stored(tx, session.id, statements),
      },
    };
  }

  async #load(tx: EntityManager, sessionId: string) {
    const session = await tx.findOneOrFail(Cmi5SessionSchema, { id: sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const registration = await tx.findOneOrFail(Cmi5RegistrationSchema, { id: session.registrationId }, { refresh: true });
    const au = await tx.findOneOrFail(Cmi5AuSchema, { id: session.auId });
    const status = await this.status(tx, registration, au);
    return { session, registration, au, status };
  }

  /** The registration's results in an AU, created empty on first use. */
  async status(tx: EntityManager, registration: Cmi5Registration, au: Cmi5Au): Promise<Cmi5AuStatus> {
    const found = await tx.findOne(Cmi5AuStatusSchema, { registrationId: registration.id, auId: au.id }, { refresh: true });
    if (found !== null) return found;
    const created = tx.create(Cmi5AuStatusSchema, {
      id: crypto.randomUUID(),
      tenantId: registration.tenantId,
      registrationId: registration.id,
      auId: au.id,
      completed: false,
      passed: false,
      failed: false,
      satisfied: false,
      scoreScaled: null,
      updatedAt: new Date(),
    });
    await tx.flush();
    return created;
  }

  async #accept(tx: EntityManager, sessionId: string, statements: Json[]): Promise<void> {
    const { session, registration, au, status } = await this.#load(tx, sessionId);
    let view: SessionView = {
      sessionId: session.id,
      registration: registration.id,
      actorKey: agentKey(registration.actor) ?? '',
      activityId: au.auIri,
      launchMode: session.launchMode,
      masteryScore: au.masteryScore ?? null,
      state: session.state as SessionView['state'],
      verbs: session.verbs as Cmi5Verb[],
      completed: status.completed,
      passed: status.passed,
    };
    const problems: { field: string; message: string }[] = [];
    statements.forEach((statement, index) => {
      const { problem, next } = judgeAuStatement(statement, view);
      if (problem !== null) problems.push({ field: statements.length > 1 ? `/body/${index}` : '/body', message: problem });
      view = next;
    });
    if (problems.length > 0)
      throw new MiraiError('MIRAI_ERR_CMI5_STATEMENT_REFUSED', problems.map((p) => `${p.field} ${p.message}`).join('; '), { fieldErrors: problems });
    session.state = view.state;
    session.verbs = view.verbs;
    status.completed = view.completed;
    status.passed = view.passed;
    status.failed ||= statements.some((statement) => cmi5VerbOf(isObject(statement.verb) ? String(statement.verb.id) : '') === 'failed');
    const scored = statements.filter((statement) => scaledOf(statement) !== null).at(-1);
    if (scored !== undefined) status.scoreScaled = scaledOf(scored);
    status.updatedAt = new Date();
    await tx.flush();
  }

  async #stored(tx: EntityManager, sessionId: string, statements: Json[]): Promise<void> {
    const { session, registration, au, status } = await this.#load(tx, sessionId);
    const learner = learnerAuth(session, registration);
    for (const statement of statements) {
      const verb = cmi5VerbOf(isObject(statement.verb) ? String(statement.verb.id) : '');
      if (verb !== 'passed' && verb !== 'failed') continue;
      const scaled = scaledOf(statement);
      await this.#deps.enrolments.recordExternalResult(tx, learner, session.enrolmentId, session.lessonId, {
        blockId: AU_RESULT_BLOCK,
        correct: scaled === null ? (verb === 'passed' ? 1 : 0) : Math.round(Math.max(0, scaled) * 100),
        total: scaled === null ? 1 : 100,
        passed: verb === 'passed',
      });
    }
    if (!status.satisfied && auSatisfied(au.moveOn, status)) await this.satisfy(tx, session, registration, status);
  }

  /** The AU's moveOn is met: complete its lesson, then send `satisfied` for each block and the course that now is. */
  async satisfy(tx: EntityManager, session: Cmi5Session, registration: Cmi5Registration, status: Cmi5AuStatus): Promise<void> {
    status.satisfied = true;
    await tx.flush();
    await this.#deps.enrolments.setProgress(tx, learnerAuth(session, registration), session.enrolmentId, session.lessonId, true);
    const course = await tx.findOneOrFail(Cmi5CourseSchema, { id: registration.cmi5CourseId });
    const aus = await tx.find(Cmi5AuSchema, { cmi5CourseId: course.id });
    const done = await tx.find(Cmi5AuStatusSchema, { registrationId: registration.id, satisfied: true });
    const satisfiedIris = new Set(aus.filter((a) => done.some((d) => d.auId === a.id)).map((a) => a.auIri));
    const fresh = satisfiedActivities(course.structure, satisfiedIris).filter((iri) => !registration.satisfied.includes(iri));
    const caller = this.#deps.lms.caller(session.tenantId, course.id);
    for (const iri of fresh) {
      const type = iri === course.structure.courseIri ? ACTIVITY_TYPE.course : ACTIVITY_TYPE.block;
      await this.#deps.lms.send(tx, caller, {
        actor: registration.actor,
        verb: 'satisfied',
        object: { objectType: 'Activity', id: iri, definition: { type } },
        registration: registration.id,
        sessionId: session.id,
      });
    }
    registration.satisfied = [...registration.satisfied, ...fresh];
    await tx.flush();
  }
}
