import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { StreamMessage } from '../../lib/ws-course-stream';
import { useCourseStream } from '../../lib/ws-use-course-stream';
import { useActionCall } from '../../machines/use-action-call';
import type { Block } from './blocks';
import type { EditorResult } from './editor-action.server';

export interface RegenerateTarget {
  courseId: string;
  lessonId: string;
  lessonTitle: string;
  moduleId: string;
  moduleTitle: string;
}

export type Previous = NonNullable<Extract<EditorResult, { ok: true }>['previous']>;
export type Rewritten = Array<{ lessonId: string; title: string; blocks: Block[] }>;

// The streamed text and the comparison need marked and the lesson renderer (about 23 KiB gzip,
// most of the editor's first load otherwise): fetched when a rewrite starts, while the API starts
// the job, instead of with every editor page.
const loadResult = () => import('./regenerate-result');
const RewrittenText = lazy(() => loadResult().then((module) => ({ default: module.RewrittenText })));
const Compare = lazy(() => loadResult().then((module) => ({ default: module.Compare })));

type Phase =
  | { name: 'idle' }
  | { name: 'starting' }
  | { name: 'writing'; jobId: string; text: string; previous: Previous; rewritten: Rewritten }
  | { name: 'compare'; previous: Previous; rewritten: Rewritten }
  | { name: 'resolving' }
  | { name: 'error'; message: string };

/** How a live event of the rewrite job moves the panel on; events of other jobs change nothing. */
export function nextPhase(current: Phase, message: StreamMessage): Phase {
  if (current.name !== 'writing' || message.jobId !== current.jobId) return current;
  switch (message.event) {
    case 'lesson.started':
      return { ...current, text: '' };
    case 'lesson.delta':
      return { ...current, text: current.text + message.data.text };
    case 'lesson.completed': {
      const { lessonId, lessonTitle, blocks } = message.data;
      return { ...current, rewritten: [...current.rewritten, { lessonId, title: lessonTitle ?? '', blocks }] };
    }
    case 'job.completed':
      return message.data.jobId === current.jobId ? { name: 'compare', previous: current.previous, rewritten: current.rewritten } : current;
    case 'job.failed':
    case 'job.cancelled':
      return message.data.jobId === current.jobId
        ? { name: 'error', message: (message.event === 'job.failed' && message.data.error) || 'The rewrite stopped before it finished.' }
        : current;
    default:
      return current;
  }
}

/**
 * Rewrites this lesson or its whole module following the author's instruction, streams the new
 * text as it is written, then shows before and after side by side: accept keeps the new version,
 * reject restores the previous one.
 */
export function RegeneratePanel({
  target,
  disabled,
  action,
  imageUrl,
  onResolved,
  onBusy,
}: {
  target: RegenerateTarget;
  disabled: string | null;
  action: string;
  imageUrl: (key: string) => string | null;
  onResolved: () => void;
  /** True while a rewrite runs or waits for a decision: the lesson must not be edited meanwhile. */
  onBusy: (busy: boolean) => void;
}) {
  const [scope, setScope] = useState<'lesson' | 'module'>('lesson');
  const [instruction, setInstruction] = useState('');
  const [phase, setPhase] = useState<Phase>({ name: 'idle' });
  const call = useActionCall<EditorResult>(action);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const { stream } = useCourseStream(target.courseId, {
    onEvent: (message: StreamMessage) => {
      // Several events can arrive before React renders again: each update builds on the last.
      setPhase((current) => nextPhase(current, message));
    },
  });

  useEffect(() => {
    if (phase.name === 'compare') headingRef.current?.focus();
    onBusy(phase.name !== 'idle' && phase.name !== 'error');
  }, [phase.name, onBusy]);

  const start = async () => {
    setPhase({ name: 'starting' });
    // Fetched ahead; should it fail, rendering the views fails the same way and says so.
    loadResult().catch(() => undefined);
    const form = new FormData();
    form.set('intent', scope === 'lesson' ? 'regenerateLesson' : 'regenerateModule');
    form.set('moduleId', target.moduleId);
    form.set('courseId', target.courseId);
    form.set('instruction', instruction);
    try {
      const { jobId, previous } = await call(form);
      if (jobId === undefined || previous === undefined) throw new Error('The rewrite did not start.');
      setPhase({ name: 'writing', jobId, text: '', previous, rewritten: [] });
      stream?.replay(jobId);
    } catch (error) {
      setPhase({ name: 'error', message: error instanceof Error ? error.message : 'The rewrite did not start.' });
    }
  };

  const resolve = async (accept: boolean, previous: Previous) => {
    setPhase({ name: 'resolving' });
    try {
      if (!accept) {
        const form = new FormData();
        form.set('intent', 'restore');
        const targets = previous.map((p) => ({ lessonId: p.lessonId, version: p.version })).filter((t) => t.version > 0);
        form.set('targets', JSON.stringify(targets));
        await call(form);
      }
      setPhase({ name: 'idle' });
      setInstruction('');
      onResolved();
    } catch (error) {
      setPhase({ name: 'error', message: error instanceof Error ? error.message : 'The previous version could not be restored.' });
    }
  };

  const busy = phase.name === 'starting' || phase.name === 'writing' || phase.name === 'resolving';
  return (
    <section className="panel regenerate" aria-labelledby="regenerate-heading" data-phase={phase.name}>
      <h2 id="regenerate-heading" ref={headingRef} tabIndex={-1}>
        {phase.name === 'compare' ? 'Compare and decide' : 'Rewrite with AI'}
      </h2>
      {phase.name === 'compare' ? (
        <Suspense fallback={<p className="meta">Preparing the comparison…</p>}>
          <Compare
            target={target}
            previous={phase.previous}
            rewritten={phase.rewritten}
            imageUrl={imageUrl}
            onAccept={() => void resolve(true, phase.previous)}
            onReject={() => void resolve(false, phase.previous)}
          />
        </Suspense>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void start();
          }}
        >
          <fieldset className="scope" disabled={busy}>
            <legend>What to rewrite</legend>
            <label>
              <input type="radio" name="scope" checked={scope === 'lesson'} onChange={() => setScope('lesson')} /> This lesson
            </label>
            <label>
              <input type="radio" name="scope" checked={scope === 'module'} onChange={() => setScope('module')} /> Every lesson of “
              {target.moduleTitle}”
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="regenerate-instruction">Instruction (optional)</label>
            <textarea
              id="regenerate-instruction"
              rows={2}
              maxLength={2000}
              placeholder="e.g. more workplace examples, shorter paragraphs"
              value={instruction}
              disabled={busy}
              onChange={(e) => setInstruction(e.target.value)}
            />
          </div>
          {disabled === null ? null : <p className="meta">{disabled}</p>}
          <button type="submit" className="button" disabled={busy || disabled !== null}>
            {phase.name === 'starting' ? 'Starting…' : phase.name === 'writing' ? 'Rewriting…' : phase.name === 'resolving' ? 'Applying…' : 'Rewrite'}
          </button>
        </form>
      )}
      {phase.name === 'writing' ? (
        <section className="live-lesson__text" aria-busy="true" data-testid="regenerate-stream" aria-label="The rewritten lesson as it is written">
          {phase.text === '' ? (
            'Waiting for the first words…'
          ) : (
            // Until the renderer has arrived, the words show as plain text.
            <Suspense fallback={phase.text}>
              <RewrittenText text={phase.text} />
            </Suspense>
          )}
          <span className="caret" aria-hidden="true" />
        </section>
      ) : null}
      {phase.name === 'error' ? (
        <div className="alert" role="alert">
          {phase.message}{' '}
          <button type="button" className="button button--link" onClick={() => setPhase({ name: 'idle' })}>
            Dismiss
          </button>
        </div>
      ) : null}
    </section>
  );
}
