import type { ScormVersion } from './manifest-schema.ts';

/** What of a SCO's CMI data rolls up into Mirai's progress and gradebook. */
export interface CmiSummary {
  completionStatus: 'completed' | 'incomplete' | 'not attempted' | 'unknown';
  successStatus: 'passed' | 'failed' | 'unknown';
  scoreScaled: number | null;
  scoreRaw: number | null;
  /** Null when this commit carries no total time (scorm-again sends it on the terminating commit). */
  totalTime: string | null;
  /** Whether Mirai counts the lesson as done: completed and not failed. */
  complete: boolean;
}

type Tree = Record<string, unknown>;
const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value at a dotted CMI path below `cmi`, as the string the runtime stored (or ''). */
export function cmiValue(cmi: Tree, path: string): string {
  let node: unknown = cmi;
  for (const key of path.split('.')) node = isTree(node) ? node[key] : undefined;
  return typeof node === 'string' || typeof node === 'number' ? String(node) : '';
}

const number = (value: string): number | null => (value.trim() === '' || !Number.isFinite(Number(value)) ? null : Number(value));

function scorm12(cmi: Tree): CmiSummary {
  const status = cmiValue(cmi, 'core.lesson_status');
  const raw = number(cmiValue(cmi, 'core.score.raw'));
  const min = number(cmiValue(cmi, 'core.score.min')) ?? 0;
  const max = number(cmiValue(cmi, 'core.score.max')) ?? 100;
  const completionStatus = ['passed', 'completed', 'failed'].includes(status)
    ? 'completed'
    : status === 'not attempted' || status === ''
      ? 'not attempted'
      : 'incomplete';
  const successStatus = status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'unknown';
  return {
    completionStatus,
    successStatus,
    scoreRaw: raw,
    scoreScaled: raw === null || max <= min ? null : Math.min(1, Math.max(0, (raw - min) / (max - min))),
    totalTime: cmiValue(cmi, 'core.total_time') || null,
    complete: status === 'passed' || status === 'completed',
  };
}

function scorm2004(cmi: Tree): CmiSummary {
  const completion = cmiValue(cmi, 'completion_status');
  const success = cmiValue(cmi, 'success_status');
  const scaled = number(cmiValue(cmi, 'score.scaled'));
  const completionStatus = completion === 'completed' || completion === 'incomplete' || completion === 'not attempted' ? completion : 'unknown';
  const successStatus = success === 'passed' || success === 'failed' ? success : 'unknown';
  return {
    completionStatus,
    successStatus,
    scoreRaw: number(cmiValue(cmi, 'score.raw')),
    scoreScaled: scaled,
    totalTime: cmiValue(cmi, 'total_time') || null,
    // A SCO that reports only success (no completion) is done when it passed.
    complete: (completionStatus === 'completed' && successStatus !== 'failed') || (completionStatus === 'unknown' && successStatus === 'passed'),
  };
}

export function summariseCmi(version: ScormVersion, cmi: Tree): CmiSummary {
  return version === '1.2' ? scorm12(cmi) : scorm2004(cmi);
}

/** SCORM 2004 exits that end the learner attempt for good (RTE 4.2.10): the next launch is a new attempt. */
const ATTEMPT_ENDING_EXITS = new Set(['normal', 'logout', 'time-out']);

/**
 * Whether a SCORM 2004 launch begins a new learner attempt, whose SCO starts from a fresh data
 * model (`entry` "ab-initio"): the last session ended the attempt with its exit, or the sequencer
 * started a new attempt on the activity (a retry, a choice back to an ended activity) that was
 * not suspended. A suspended attempt always resumes.
 */
export function beginsNewAttempt(stored: Tree | null, sequencerStartedAttempt: boolean): boolean {
  if (stored === null) return false;
  const exit = cmiValue(stored, 'exit');
  if (exit === 'suspend') return false;
  return sequencerStartedAttempt || ATTEMPT_ENDING_EXITS.has(exit);
}

/**
 * The CMI a SCO starts with: the stored data without the last session's time, `entry` saying
 * whether it resumes (the SCO left with exit "suspend"), and who the learner is. A SCORM 2004
 * launch that begins a new attempt (`beginsNewAttempt`) gets none of the last attempt's data:
 * a SCO that reads its location or suspend data would otherwise pick up an attempt that is over.
 */
export function launchCmi(
  version: ScormVersion,
  previous: { cmi: Tree; totalTime: string } | null,
  learner: { id: string; name: string },
  masteryScore: number | null,
  options: { sequencerStartedAttempt?: boolean } = {},
): Tree {
  const newAttempt = version === '2004' && beginsNewAttempt(previous?.cmi ?? null, options.sequencerStartedAttempt === true);
  const stored = newAttempt ? null : previous;
  const cmi: Tree = structuredClone(stored?.cmi ?? {});
  // Only a terminating commit carries the total; the stored column keeps the last one.
  const total = stored === null || stored.totalTime === '' ? {} : { total_time: stored.totalTime };
  if (version === '1.2') {
    const core: Tree = isTree(cmi.core) ? cmi.core : {};
    const resumes = stored !== null && cmiValue(stored.cmi, 'core.exit') === 'suspend';
    delete core.session_time;
    cmi.core = {
      ...core,
      ...total,
      student_id: learner.id,
      student_name: learner.name,
      entry: resumes ? 'resume' : stored === null ? 'ab-initio' : '',
      exit: '',
      credit: 'credit',
      lesson_mode: 'normal',
    };
    if (masteryScore !== null) cmi.student_data = { ...(isTree(cmi.student_data) ? cmi.student_data : {}), mastery_score: String(masteryScore) };
    return cmi;
  }
  const resumes = stored !== null && cmiValue(stored.cmi, 'exit') === 'suspend';
  delete cmi.session_time;
  return {
    ...cmi,
    ...total,
    learner_id: learner.id,
    learner_name: learner.name,
    entry: resumes ? 'resume' : stored === null ? 'ab-initio' : '',
    exit: '',
    credit: 'credit',
    mode: 'normal',
  };
}
