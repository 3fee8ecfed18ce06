import { useFetcher } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import type { CmiTree } from './scorm-messages';

export interface ScormCommitResult {
  intent: 'scorm-commit';
  error?: string;
  saved?: {
    completionStatus: string;
    successStatus: string;
    scoreScaled: number | null;
    lessonCompleted: boolean;
    commits: number;
    /** Sequenced SCORM 2004 packages, after the SCO terminated: where the sequencer leads. */
    navigation: { action: 'launch'; lessonId: string } | { action: 'end' } | { action: 'stay'; refusal: string | null } | null;
  };
}

/**
 * Sends SCO commits through the lesson route's action, one at a time and in order. Every commit
 * carries the whole CMI tree, so while one is on its way only the newest waiting one matters.
 * `lessonAction` is the route of the SCO's own lesson: a commit sent while the learner is already
 * on their way to another lesson still belongs to the SCO that made it.
 */
export function useScormCommits(enrolmentId: string, lessonAction: string) {
  const fetcher = useFetcher<ScormCommitResult>({ key: `scorm-commit-${enrolmentId}` });
  const waiting = useRef<{ cmi: CmiTree; navRequest: string | null } | null>(null);
  const send = () => {
    if (fetcher.state !== 'idle' || waiting.current === null) return;
    const { cmi, navRequest } = waiting.current;
    waiting.current = null;
    fetcher.submit(
      { intent: 'scorm-commit', enrolmentId, cmi: JSON.stringify(cmi), navRequest: navRequest ?? '' },
      { method: 'post', action: lessonAction },
    );
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: sends what waited once the previous commit is answered
  useEffect(send, [fetcher.state]);
  return {
    /** `navRequest`: the SCO's adl.nav.request on its terminating commit (SCORM 2004), else null. */
    commit: (cmi: CmiTree, navRequest: string | null) => {
      // A terminating commit waiting keeps its request even if a later commit replaced its tree.
      waiting.current = { cmi, navRequest: navRequest ?? waiting.current?.navRequest ?? null };
      send();
    },
    saving: fetcher.state !== 'idle',
    result: fetcher.data,
  };
}
