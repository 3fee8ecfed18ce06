import { useEffect, useRef, useState } from 'react';
import type { StreamMessage } from '../../lib/ws-course-stream';
import { useCourseStream } from '../../lib/ws-use-course-stream';
import { useActionCall } from '../../machines/use-action-call';
import { LessonBlocks, Markdown } from '../lesson-blocks';
import type { Block } from './blocks';
import type { EditorResult } from './editor-action.server';

export interface RegenerateTarget {
  courseId: string;
  lessonId: string;
  lessonTitle: string;
  moduleId: string;
  moduleTitle: string;
}

type Previous = NonNullable<Extract<EditorResult, { ok: true }>['previous']>;

type Phase =
  | { name: 'idle' }
  | { name: 'starting' }
  | { name: 'writing'; jobId: string; text: string; previous: Previous; rewritten: Array<{ lessonId: string; title: string; blocks: Block[] }> }
  | { name: 'compare'; previous: Previous; rewritten: Array<{ lessonId: string; title: string; blocks: Block[] }> }
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
        <Compare
          target={target}
          previous={phase.previous}
          rewritten={phase.rewritten}
          imageUrl={imageUrl}
          onAccept={() => void resolve(true, phase.previous)}
          onReject={() => void resolve(false, phase.previous)}
        />
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
          {phase.text === '' ? 'Waiting for the first words…' : <Markdown source={phase.text} headingOffset={2} />}
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

function Compare({
  target,
  previous,
  rewritten,
  imageUrl,
  onAccept,
  onReject,
}: {
  target: RegenerateTarget;
  previous: Previous;
  rewritten: Array<{ lessonId: string; title: string; blocks: Block[] }>;
  imageUrl: (key: string) => string | null;
  onAccept: () => void;
  onReject: () => void;
}) {
  const own = rewritten.find((r) => r.lessonId === target.lessonId);
  const before = previous.find((p) => p.lessonId === target.lessonId);
  const others = rewritten.filter((r) => r.lessonId !== target.lessonId);
  return (
    <div className="compare" data-testid="compare">
      {own === undefined || before === undefined ? null : (
        <div className="compare__columns">
          <section className="compare__column" aria-label="Before">
            <h3>Before (version {before.version})</h3>
            <LessonBlocks blocks={before.blocks} titleLevel={3} imageUrl={imageUrl} />
          </section>
          <section className="compare__column compare__column--new" aria-label="After">
            <h3>After</h3>
            <LessonBlocks blocks={own.blocks} titleLevel={3} imageUrl={imageUrl} />
          </section>
        </div>
      )}
      {others.length === 0 ? null : (
        <p>
          Also rewritten in this module: {others.map((o) => o.title).join(', ')}. Accepting or rejecting applies to all {rewritten.length} lessons.
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button" onClick={onAccept}>
          Accept the new version
        </button>
        <button type="button" className="button button--secondary" onClick={onReject}>
          Reject and restore the previous version
        </button>
      </div>
    </div>
  );
}
