import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import type { EnrolmentsService } from '../learning/enrolments.service.ts';
import { lessonOrder } from '../learning/enrolments.service.ts';
import type { PublishingService } from '../learning/publishing.service.ts';
import { type CmiSummary, launchCmi, summariseCmi } from './cmi-summary.ts';
import type { ContentTokens } from './content-tokens.ts';
import { type ScormAttempt, ScormAttemptSchema, ScormPackageSchema, type ScormSco, ScormScoSchema } from './scorm-package.entity.ts';
import { type NavigationView, SequencedPackage } from './scorm-sequencing.ts';
import { type NavigationOutcome, terminateSco } from './sequencing/navigation-outcome.ts';
import { objectivesForLaunch } from './sequencing/run-time-mapping.ts';

/** The pseudo-block id under which a SCO's scored sittings are kept with quiz attempts. */
export const SCO_RESULT_BLOCK = 'scorm-sco';

/** How long a launch's content token works: longer than any sitting, shorter than a week of leaks. */
const CONTENT_TOKEN_HOURS = 12;

export interface ScormLaunch {
  version: '1.2' | '2004';
  title: string;
  contentOrigin: string;
  launcherUrl: string;
  scoUrl: string;
  cmi: Record<string, unknown>;
  previousLessonId: string | null;
  nextLessonId: string | null;
  /** SCORM 2004 packages with sequencing: what the sequencer allows now; null for plain lesson order. */
  navigation: NavigationView | null;
}

const encodePath = (path: string) => {
  const [file = '', rest = ''] = path.split(/(?=[?#])/, 2);
  return `${file.split('/').map(encodeURIComponent).join('/')}${rest}`;
};

/** Launches SCOs for enrolled learners and keeps their CMI data; a completed SCO completes its lesson. */
export class ScormAttemptsService {
  readonly #deps: { enrolments: EnrolmentsService; publishing: PublishingService; tokens: ContentTokens; contentOrigin: string };

  constructor(deps: { enrolments: EnrolmentsService; publishing: PublishingService; tokens: ContentTokens; contentOrigin: string }) {
    this.#deps = deps;
  }

  /** The learner's own enrolment, the published lesson and its SCO; 404 when the lesson is not one. */
  async #sco(em: EntityManager, actor: AuthContext, enrolmentId: string, lessonId: string) {
    const enrolment = await this.#deps.enrolments.own(em, actor, enrolmentId);
    const { publication } = await this.#deps.publishing.publishedCourse(em, enrolment.courseId);
    await this.#deps.publishing.lesson(em, publication, lessonId);
    const sco = await em.findOne(ScormScoSchema, { lessonId, courseId: enrolment.courseId });
    if (sco === null) throw new MiraiError('MIRAI_ERR_SCORM_NOT_A_SCO');
    const scormPackage = await em.findOneOrFail(ScormPackageSchema, { id: sco.packageId });
    return { enrolment, publication, sco, scormPackage };
  }

  /**
   * Launches a SCO. With sequencing, the sequencer must allow it (`request`: the player's
   * continue/previous, else a choice) and its attempt is counted; the state is saved before the
   * launch is answered.
   */
  async launch(
    em: EntityManager,
    actor: AuthContext,
    enrolmentId: string,
    lessonId: string,
    request: 'continue' | 'previous' | 'choice' = 'choice',
  ): Promise<ScormLaunch> {
    const { publication, sco, scormPackage } = await this.#sco(em, actor, enrolmentId, lessonId);
    const attempt = await em.findOne(ScormAttemptSchema, { enrolmentId, lessonId });
    const sequenced = await SequencedPackage.load(em, scormPackage, enrolmentId);
    let sequencerStartedAttempt = false;
    if (sequenced !== null) {
      const attemptsBefore = sequenced.attemptsOn(sco);
      sequenced.open(sco, request);
      sequencerStartedAttempt = sequenced.attemptsOn(sco) > attemptsBefore;
      await sequenced.save(em, actor.tenantId, enrolmentId, scormPackage.id);
    }
    const token = this.#deps.tokens.issue({
      tenantId: actor.tenantId,
      packageId: scormPackage.id,
      expiresAt: Date.now() + CONTENT_TOKEN_HOURS * 3600_000,
    });
    const order = lessonOrder(publication);
    const at = order.indexOf(lessonId);
    const origin = this.#deps.contentOrigin;
    const flow = sequenced?.flowTargets() ?? { previous: order[at - 1] ?? null, next: order[at + 1] ?? null };
    const cmi = launchCmi(
      scormPackage.version,
      attempt === null ? null : { cmi: attempt.cmi, totalTime: attempt.totalTime },
      { id: actor.userId, name: actor.email },
      sco.masteryScore ?? null,
      { sequencerStartedAttempt },
    );
    return {
      version: scormPackage.version,
      title: sco.title,
      contentOrigin: origin,
      launcherUrl: `${origin}/scorm-launcher/${token}/`,
      scoUrl: `${origin}/scorm/${token}/${encodePath(sco.launchPath)}`,
      cmi: sequenced === null ? cmi : objectivesForLaunch(cmi, sequenced.leafOf(sco), sequenced.state),
      previousLessonId: flow.previous,
      nextLessonId: flow.next,
      navigation: sequenced?.view() ?? null,
    };
  }

  /**
   * Stores one commit (the whole CMI tree) and completes the lesson when the SCO is done. With
   * sequencing, the SCO's status rolls up the activity tree, a terminating commit (`navRequest`
   * set) runs the exit and post-condition rules and the request, and a root rolled up to
   * completed (and not unsatisfied) completes the enrolment.
   */
  async commit(
    em: EntityManager,
    actor: AuthContext,
    enrolmentId: string,
    lessonId: string,
    cmi: Record<string, unknown>,
    navRequest?: string,
  ): Promise<{ summary: CmiSummary; attempt: ScormAttempt; lessonCompleted: boolean; navigation: NavigationOutcome | null }> {
    return em.transactional((tx) => this.#commit(tx, actor, enrolmentId, lessonId, cmi, navRequest));
  }

  async #commit(
    em: EntityManager,
    actor: AuthContext,
    enrolmentId: string,
    lessonId: string,
    cmi: Record<string, unknown>,
    navRequest: string | undefined,
  ): Promise<{ summary: CmiSummary; attempt: ScormAttempt; lessonCompleted: boolean; navigation: NavigationOutcome | null }> {
    const { scormPackage, sco } = await this.#sco(em, actor, enrolmentId, lessonId);
    const summary = summariseCmi(scormPackage.version, cmi);
    await em.execute(
      `insert into scorm_attempt (id, tenant_id, enrolment_id, lesson_id, cmi, completion_status, success_status, score_scaled, score_raw, total_time, commits, updated_at)
       values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, 1, now())
       on conflict (enrolment_id, lesson_id) do update
         set cmi = excluded.cmi, completion_status = excluded.completion_status, success_status = excluded.success_status,
             score_scaled = excluded.score_scaled, score_raw = excluded.score_raw,
             total_time = case when ? then excluded.total_time else scorm_attempt.total_time end,
             commits = scorm_attempt.commits + 1, updated_at = now()`,
      [
        randomUUID(),
        actor.tenantId,
        enrolmentId,
        lessonId,
        JSON.stringify(cmi),
        summary.completionStatus,
        summary.successStatus,
        summary.scoreScaled,
        summary.scoreRaw,
        summary.totalTime ?? '',
        summary.totalTime !== null,
      ],
    );
    if (summary.complete) await this.#deps.enrolments.setProgress(em, actor, enrolmentId, lessonId, true);
    // A terminating commit (the only one carrying total time) with a score is a graded sitting.
    if (summary.totalTime !== null && summary.scoreScaled !== null)
      await this.#deps.enrolments.recordExternalResult(em, actor, enrolmentId, lessonId, {
        blockId: SCO_RESULT_BLOCK,
        correct: Math.round(summary.scoreScaled * 100),
        total: 100,
        passed: summary.successStatus === 'passed' || (summary.successStatus === 'unknown' && summary.complete),
      });
    const sequenced = await SequencedPackage.load(em, scormPackage, enrolmentId);
    let navigation: NavigationOutcome | null = null;
    if (sequenced !== null) {
      navigation = terminateSco(sequenced, sco, cmi, navRequest);
      await sequenced.save(em, actor.tenantId, enrolmentId, scormPackage.id);
      const course = sequenced.view().course;
      if (course.completed === true && course.satisfied !== false) await this.#deps.enrolments.completeEnrolment(em, actor, enrolmentId);
    }
    const attempt = await em.findOneOrFail(ScormAttemptSchema, { enrolmentId, lessonId }, { refresh: true });
    return { summary, attempt, lessonCompleted: summary.complete, navigation };
  }

  /** The SCOs of a course, for the author's view of an imported course. */
  scos(em: EntityManager, courseId: string): Promise<ScormSco[]> {
    return em.find(ScormScoSchema, { courseId }, { orderBy: { position: 'asc' } });
  }
}
