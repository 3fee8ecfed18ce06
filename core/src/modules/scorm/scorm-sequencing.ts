import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import { type ScormPackage, type ScormSco, ScormScoSchema, ScormSequencingStateSchema } from './scorm-package.entity.ts';
import { type Activity, indexTree, type TreeIndex } from './sequencing/activity-tree.ts';
import { courseStatus } from './sequencing/rollup.ts';
import { availability, deliver, deliveryRefusal, type NavigationRequest, navigate } from './sequencing/sequencer.ts';
import { emptyState, endAttempts, type SequencingState, statusOf } from './sequencing/sequencing-state.ts';

/** What the player shows and the runtime answers for adl.nav.request_valid, from the sequencer. */
export interface NavigationView {
  requestValid: { continue: boolean; previous: boolean; choice: Record<string, boolean> };
  lessons: Array<{ lessonId: string; itemIdentifier: string; hidden: boolean; available: boolean; reason: string | null }>;
  course: { completed: boolean | null; satisfied: boolean | null };
}

/** A sequenced package loaded for one learner: its tree, lesson mapping and the learner's state. */
export class SequencedPackage {
  readonly tree: TreeIndex;
  readonly #scos: ScormSco[];
  state: SequencingState;

  constructor(root: Activity, scos: ScormSco[], state: SequencingState) {
    this.tree = indexTree(root);
    this.#scos = scos;
    this.state = state;
  }

  static async load(em: EntityManager, scormPackage: ScormPackage, enrolmentId: string): Promise<SequencedPackage | null> {
    if (scormPackage.sequencing === null || scormPackage.sequencing === undefined) return null;
    const [scos, stored] = await Promise.all([
      em.find(ScormScoSchema, { packageId: scormPackage.id }, { orderBy: { position: 'asc' } }),
      em.findOne(ScormSequencingStateSchema, { enrolmentId, packageId: scormPackage.id }),
    ]);
    return new SequencedPackage(scormPackage.sequencing, scos, stored?.state ?? emptyState());
  }

  lessonOf(activityId: string): string | null {
    return this.#scos.find((sco) => sco.itemIdentifier === activityId)?.lessonId ?? null;
  }

  /** How many attempts the learner has begun on a SCO's activity. */
  attemptsOn(sco: ScormSco): number {
    return statusOf(this.state, this.leafOf(sco).id).attemptCount;
  }

  leafOf(sco: ScormSco): Activity {
    const leaf = this.tree.byId.get(sco.itemIdentifier);
    if (leaf === undefined) throw new Error(`SCO ${sco.itemIdentifier} is not in its package's activity tree`);
    return leaf;
  }

  /**
   * The learner opens a SCO's lesson: the current activity again (a reload, a resume, where the
   * SCO's last request led), or a new delivery that the sequencer must allow (`continue`/
   * `previous` from the player's buttons, else a choice). Leaving an active SCO ends its attempt.
   */
  open(sco: ScormSco, request: 'continue' | 'previous' | 'choice'): void {
    const leaf = this.leafOf(sco);
    if (this.state.current !== leaf.id) {
      const current = this.state.current === null ? undefined : this.tree.byId.get(this.state.current);
      if (current?.isLeaf === true) this.state = endAttempts(this.state, current);
      const asked: NavigationRequest = request === 'choice' ? { kind: 'choice', target: leaf.id } : { kind: request };
      const tried = [
        navigate(this.tree, this.state, asked),
        ...(this.state.current === null ? [navigate(this.tree, this.state, { kind: 'start' })] : []),
      ];
      if (!tried.some((outcome) => 'deliver' in outcome && outcome.deliver.id === leaf.id)) {
        const refusal = tried.find((outcome) => 'refused' in outcome);
        throw new MiraiError(
          'MIRAI_ERR_SCORM_NAVIGATION_REFUSED',
          refusal !== undefined && 'refused' in refusal ? refusal.refused : `the sequencing rules lead elsewhere than "${leaf.title}"`,
        );
      }
    }
    const blockedAt = deliveryRefusal(this.tree, this.state, leaf);
    if (blockedAt !== null) throw new MiraiError('MIRAI_ERR_SCORM_NAVIGATION_REFUSED', `"${blockedAt}" is not available`);
    this.state = deliver(this.tree, this.state, leaf);
  }

  view(): NavigationView {
    const now = availability(this.tree, this.state);
    return {
      requestValid: {
        continue: now.continueTo !== null,
        previous: now.previousTo !== null,
        choice: Object.fromEntries(Object.entries(now.choice).map(([id, choice]) => [id, choice.refusal === null])),
      },
      lessons: Object.entries(now.choice).flatMap(([id, choice]) => {
        const lessonId = this.lessonOf(id);
        return lessonId === null
          ? []
          : [{ lessonId, itemIdentifier: id, hidden: choice.hidden, available: choice.refusal === null, reason: choice.refusal }];
      }),
      course: courseStatus(this.tree, this.state),
    };
  }

  /** Where continue/previous lead now, as lessons. */
  flowTargets(): { next: string | null; previous: string | null } {
    const now = availability(this.tree, this.state);
    return {
      next: now.continueTo === null ? null : this.lessonOf(now.continueTo),
      previous: now.previousTo === null ? null : this.lessonOf(now.previousTo),
    };
  }

  async save(em: EntityManager, tenantId: string, enrolmentId: string, packageId: string): Promise<void> {
    await em.execute(
      `insert into scorm_sequencing_state (id, tenant_id, enrolment_id, package_id, state, updated_at) values (?, ?, ?, ?, ?::jsonb, now())
       on conflict (enrolment_id, package_id) do update set state = excluded.state, updated_at = now()`,
      [randomUUID(), tenantId, enrolmentId, packageId, JSON.stringify(this.state)],
    );
  }
}
