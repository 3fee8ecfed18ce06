import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { hashToken, newToken } from '../identity/tokens.ts';
import type { EnrolmentsService } from '../learning/enrolments.service.ts';
import { lessonOrder } from '../learning/enrolments.service.ts';
import type { PublishingService } from '../learning/publishing.service.ts';
import type { ContentTokens } from '../scorm/content-tokens.ts';
import type { XapiDocumentsService } from '../xapi/xapi-documents.service.ts';
import { agentKey } from '../xapi/xapi-values.ts';
import type { Cmi5LmsStatements } from './cmi5-lms-statements.ts';
import { isAbsoluteUrl } from './cmi5-package-check.ts';
import {
  type Cmi5Au,
  Cmi5AuSchema,
  Cmi5CourseSchema,
  type Cmi5Registration,
  Cmi5RegistrationSchema,
  Cmi5SessionSchema,
} from './cmi5-records.entity.ts';
import { CMI5_KEY_PREFIX, type Cmi5SessionsService } from './cmi5-sessions.service.ts';
import {
  LAUNCH_MODE_EXTENSION,
  LAUNCH_PARAMETERS_EXTENSION,
  LAUNCH_URL_EXTENSION,
  MASTERY_SCORE_EXTENSION,
  MOVE_ON_EXTENSION,
} from './cmi5-vocabulary.ts';

const CONTENT_TOKEN_HOURS = 12;

export interface Cmi5Launch {
  title: string;
  contentOrigin: string;
  launchUrl: string;
  launchMethod: string;
  registration: string;
  sessionId: string;
  previousLessonId: string | null;
  nextLessonId: string | null;
}

export type FetchAnswer = { 'auth-token': string } | { 'error-code': '1' | '2' | '3'; 'error-text': string };

const encodePath = (path: string) => {
  const [file = '', rest = ''] = path.split(/(?=[?#])/, 2);
  return `${file.split('/').map(encodeURIComponent).join('/')}${rest}`;
};

type LaunchDeps = {
  enrolments: EnrolmentsService;
  publishing: PublishingService;
  tokens: ContentTokens;
  documents: XapiDocumentsService;
  sessions: Cmi5SessionsService;
  lms: Cmi5LmsStatements;
  contentOrigin: string;
  publicUrl: string;
  appUrl: string;
};

/** The LMS side of a cmi5 launch (spec §8, §10, §11): registration, session, launch data, the launch URL and its fetch URL. */
export class Cmi5LaunchService {
  readonly #deps: LaunchDeps;

  constructor(deps: LaunchDeps) {
    this.#deps = deps;
  }

  async #registration(em: EntityManager, actor: AuthContext, enrolmentId: string, cmi5CourseId: string): Promise<Cmi5Registration> {
    const found = await em.findOne(Cmi5RegistrationSchema, { enrolmentId, cmi5CourseId });
    if (found !== null) return found;
    const created = em.create(Cmi5RegistrationSchema, {
      id: randomUUID(),
      tenantId: actor.tenantId,
      cmi5CourseId,
      enrolmentId,
      userId: actor.userId,
      // An account actor: cmi5 requires one, and it names the learner without their e-mail address.
      actor: { objectType: 'Agent', account: { homePage: this.#deps.publicUrl, name: actor.userId } },
      satisfied: [],
      createdAt: new Date(),
    });
    await em.flush();
    return created;
  }

  async launch(em: EntityManager, actor: AuthContext, enrolmentId: string, lessonId: string, locale: string): Promise<Cmi5Launch> {
    const enrolment = await this.#deps.enrolments.own(em, actor, enrolmentId);
    const { publication } = await this.#deps.publishing.publishedCourse(em, enrolment.courseId);
    await this.#deps.publishing.lesson(em, publication, lessonId);
    const au = await em.findOne(Cmi5AuSchema, { lessonId, courseId: enrolment.courseId });
    if (au === null) throw new MiraiError('MIRAI_ERR_CMI5_NOT_AN_AU');
    const cmi5Course = await em.findOneOrFail(Cmi5CourseSchema, { id: au.cmi5CourseId });
    return em.transactional(async (tx) => {
      const registration = await this.#registration(tx, actor, enrolmentId, cmi5Course.id);
      const lms = this.#deps.lms.caller(actor.tenantId, cmi5Course.id);
      const sessionId = randomUUID();
      await this.#abandonOpenSessions(tx, registration, au, lms);
      const fetchSecret = newToken();
      const session = tx.create(Cmi5SessionSchema, {
        id: sessionId,
        tenantId: actor.tenantId,
        registrationId: registration.id,
        auId: au.id,
        enrolmentId,
        lessonId,
        launchMode: 'Normal',
        fetchHash: hashToken(fetchSecret),
        fetchedAt: null,
        tokenHash: null,
        state: 'launched',
        verbs: [],
        createdAt: new Date(),
      });
      await tx.flush();
      const returnURL = `${this.#deps.appUrl}/learn/${enrolment.courseId}/${lessonId}`;
      await this.#writeLaunchData(tx, lms, registration, au, { sessionId, returnURL, locale });
      const launchUrl = this.#launchUrl(
        au,
        cmi5Course.id,
        actor.tenantId,
        registration,
        `${this.#deps.publicUrl}/xapi/cmi5/fetch/${sessionId}/${fetchSecret}`,
      );
      await this.#deps.lms.send(tx, lms, {
        actor: registration.actor,
        verb: 'launched',
        object: { objectType: 'Activity', id: au.auIri },
        registration: registration.id,
        sessionId,
        grouping: [{ objectType: 'Activity', id: au.auIri }],
        extensions: {
          [LAUNCH_MODE_EXTENSION]: 'Normal',
          [LAUNCH_URL_EXTENSION]: launchUrl.split('?')[0],
          [MOVE_ON_EXTENSION]: au.moveOn,
          ...(au.launchParameters === '' ? {} : { [LAUNCH_PARAMETERS_EXTENSION]: au.launchParameters }),
          ...(au.masteryScore === null ? {} : { [MASTERY_SCORE_EXTENSION]: au.masteryScore }),
        },
      });
      // moveOn NotApplicable: the AU is satisfied as soon as it is launched.
      const status = await this.#deps.sessions.status(tx, registration, au);
      if (au.moveOn === 'NotApplicable' && !status.satisfied) await this.#deps.sessions.satisfy(tx, session, registration, status);
      const order = lessonOrder(publication);
      const at = order.indexOf(lessonId);
      return {
        title: au.title,
        contentOrigin: this.#deps.contentOrigin,
        launchUrl,
        launchMethod: au.launchMethod,
        registration: registration.id,
        sessionId,
        previousLessonId: order[at - 1] ?? null,
        nextLessonId: order[at + 1] ?? null,
      };
    });
  }

  /** A new launch of the same AU ends the sessions that never terminated (cmi5 §9.3.6 abandoned). */
  async #abandonOpenSessions(tx: EntityManager, registration: Cmi5Registration, au: Cmi5Au, lms: ReturnType<Cmi5LmsStatements['caller']>) {
    const open = await tx.find(Cmi5SessionSchema, { registrationId: registration.id, auId: au.id, state: 'initialized' });
    for (const session of open) {
      session.state = 'abandoned';
      await this.#deps.lms.send(tx, lms, {
        actor: registration.actor,
        verb: 'abandoned',
        object: { objectType: 'Activity', id: au.auIri },
        registration: registration.id,
        sessionId: session.id,
      });
    }
    await tx.nativeUpdate(Cmi5SessionSchema, { registrationId: registration.id, auId: au.id, state: 'launched' }, { state: 'abandoned' });
  }

  async #writeLaunchData(
    tx: EntityManager,
    lms: ReturnType<Cmi5LmsStatements['caller']>,
    registration: Cmi5Registration,
    au: Cmi5Au,
    launch: { sessionId: string; returnURL: string; locale: string },
  ): Promise<void> {
    const agent = agentKey(registration.actor) ?? '';
    const launchData = {
      contextTemplate: {
        contextActivities: { grouping: [{ objectType: 'Activity', id: au.auIri }] },
        extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': launch.sessionId },
      },
      launchMode: 'Normal',
      launchMethod: au.launchMethod,
      moveOn: au.moveOn,
      returnURL: launch.returnURL,
      ...(au.masteryScore === null ? {} : { masteryScore: au.masteryScore }),
      ...(au.launchParameters === '' ? {} : { launchParameters: au.launchParameters }),
      ...(au.entitlementKey === '' ? {} : { entitlementKey: { courseStructure: au.entitlementKey } }),
    };
    const json = (value: unknown) => ({ content: Buffer.from(JSON.stringify(value)), contentType: 'application/json' });
    const write = { merge: false, preconditions: {}, requirePrecondition: false };
    await this.#deps.documents.write(
      tx,
      lms,
      { kind: 'state', activityId: au.auIri, agentKey: agent, registration: registration.id },
      'LMS.LaunchData',
      json(launchData),
      write,
    );
    await this.#deps.documents.write(
      tx,
      lms,
      { kind: 'agent-profile', activityId: '', agentKey: agent, registration: '' },
      'cmi5LearnerPreferences',
      json({ languagePreference: launch.locale, audioPreference: 'on' }),
      write,
    );
  }

  #launchUrl(au: Cmi5Au, cmi5CourseId: string, tenantId: string, registration: Cmi5Registration, fetchUrl: string): string {
    const base = isAbsoluteUrl(au.url)
      ? au.url
      : `${this.#deps.contentOrigin}/cmi5/${this.#deps.tokens.issue({ tenantId, packageId: cmi5CourseId, expiresAt: Date.now() + CONTENT_TOKEN_HOURS * 3600_000 })}/${encodePath(au.url)}`;
    const url = new URL(base);
    // Without the trailing slash: cmi5.js appends "/statements" itself, and clients that expect one add it.
    url.searchParams.set('endpoint', `${this.#deps.publicUrl}/xapi`);
    url.searchParams.set('fetch', fetchUrl);
    url.searchParams.set('actor', JSON.stringify(registration.actor));
    url.searchParams.set('registration', registration.id);
    url.searchParams.set('activityId', au.auIri);
    return url.toString();
  }

  /**
   * The fetch URL (cmi5 §8.2.3): the first POST turns the launch's secret into the auth token, a
   * Basic credential of the form `cmi5-<session>:<secret>`; any later one gets error 1. Single use
   * is one conditional update, so two racing requests cannot both win.
   */
  async fetch(em: EntityManager, sessionId: string, fetchSecret: string): Promise<FetchAnswer> {
    if (!/^[0-9a-f-]{36}$/.test(sessionId)) return { 'error-code': '3', 'error-text': 'General Application Error: no such launch' };
    const secret = newToken();
    const claimed: { id: string }[] = await em.execute(
      `update cmi5_session set fetched_at = now(), token_hash = ?
        where id = ? and fetch_hash = ? and fetched_at is null and state = 'launched' returning id`,
      [hashToken(secret), sessionId, hashToken(fetchSecret)],
    );
    if (claimed.length === 1) return { 'auth-token': Buffer.from(`${CMI5_KEY_PREFIX}${sessionId}:${secret}`).toString('base64') };
    const known: { fetched: boolean }[] = await em.execute(
      'select fetched_at is not null as fetched from cmi5_session where id = ? and fetch_hash = ?',
      [sessionId, hashToken(fetchSecret)],
    );
    if (known[0]?.fetched === true) return { 'error-code': '1', 'error-text': 'Already in Use' };
    if (known.length === 1) return { 'error-code': '2', 'error-text': 'Expired: the launch was replaced by a newer one' };
    return { 'error-code': '3', 'error-text': 'General Application Error: no such launch' };
  }
}
