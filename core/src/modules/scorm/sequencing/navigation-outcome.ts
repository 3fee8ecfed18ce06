import type { ScormSco } from '../scorm-package.entity.ts';
import type { SequencedPackage } from '../scorm-sequencing.ts';
import { leafReport, navigationRequest } from './run-time-mapping.ts';
import { navigate, recordLeaf, terminate } from './sequencer.ts';
import { endAttempts } from './sequencing-state.ts';

/** What the player does after a SCO ended: launch a lesson, leave for the course page, or stay (with why a request was refused). */
export type NavigationOutcome = { action: 'launch'; lessonId: string } | { action: 'end' } | { action: 'stay'; refusal: string | null };

/**
 * Applies a commit to the sequencing state: the SCO's status always; when the SCO terminated
 * (`navRequest` is its adl.nav.request), the termination rules and then the request, whose
 * target becomes the current activity so that the next launch delivers it.
 */
export function terminateSco(
  sequenced: SequencedPackage,
  sco: ScormSco,
  cmi: Record<string, unknown>,
  navRequest: string | undefined,
): NavigationOutcome | null {
  const { tree } = sequenced;
  const leaf = sequenced.leafOf(sco);
  sequenced.state = recordLeaf(tree, sequenced.state, leaf, leafReport(cmi));
  // A SCO that is no longer the current activity (the learner moved on in the player before its
  // last commit arrived) reports its status, but its navigation request is not the LMS's to act on.
  if (navRequest === undefined || sequenced.state.current !== leaf.id) return null;
  const asked = navigationRequest(navRequest);
  const suspended = asked.kind === 'suspendAll' || cmi.exit === 'suspend';
  const ended = terminate(tree, sequenced.state, leaf, asked, suspended);
  sequenced.state = ended.state;
  const request = ended.request;
  if (request.kind === 'suspendAll') return { action: 'end' };
  if (request.kind === 'exitAll' || request.kind === 'abandonAll') {
    sequenced.state = { ...endAttempts(sequenced.state, tree.root), current: null };
    return { action: 'end' };
  }
  if (request.kind === 'none' || request.kind === 'exit' || request.kind === 'abandon') return { action: 'stay', refusal: null };
  if (request.kind === 'retry') {
    const target = tree.byId.get(request.target);
    if (target !== undefined) sequenced.state = endAttempts(sequenced.state, target);
  }
  const outcome = navigate(tree, sequenced.state, request);
  if ('refused' in outcome) return { action: 'stay', refusal: outcome.refused };
  if ('endSession' in outcome) {
    sequenced.state = { ...endAttempts(sequenced.state, tree.root), current: null };
    return { action: 'end' };
  }
  const lessonId = sequenced.lessonOf(outcome.deliver.id);
  if (lessonId === null) return { action: 'stay', refusal: `"${outcome.deliver.title}" has no lesson` };
  sequenced.state = { ...sequenced.state, current: outcome.deliver.id };
  return { action: 'launch', lessonId };
}
