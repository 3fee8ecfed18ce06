import { useFetcher } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import type { CmiTree } from './scorm-messages';

export interface ScormCommitResult {
  intent: 'scorm-commit';
  error?: string;
  saved?: { completionStatus: string; successStatus: string; scoreScaled: number | null; lessonCompleted: boolean; commits: number };
}

/**
 * Sends SCO commits through the lesson route's action, one at a time and in order. Every commit
 * carries the whole CMI tree, so while one is on its way only the newest waiting one matters.
 */
export function useScormCommits(enrolmentId: string) {
  const fetcher = useFetcher<ScormCommitResult>({ key: `scorm-commit-${enrolmentId}` });
  const waiting = useRef<CmiTree | null>(null);
  const send = () => {
    if (fetcher.state !== 'idle' || waiting.current === null) return;
    const cmi = waiting.current;
    waiting.current = null;
    fetcher.submit({ intent: 'scorm-commit', enrolmentId, cmi: JSON.stringify(cmi) }, { method: 'post' });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: sends what waited once the previous commit is answered
  useEffect(send, [fetcher.state]);
  return {
    commit: (cmi: CmiTree) => {
      waiting.current = cmi;
      send();
    },
    saving: fetcher.state !== 'idle',
    result: fetcher.data,
  };
}
