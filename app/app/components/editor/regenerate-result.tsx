import { LessonBlocks, Markdown } from '../lesson-blocks';
import type { Previous, RegenerateTarget, Rewritten } from './regenerate-panel';

/**
 * What a rewrite shows once it runs: the new text as it streams and the before/after comparison.
 * Both render lesson Markdown and blocks (marked and the learner's block renderer), which the
 * editor otherwise never needs, so the rewrite panel loads this module only when a rewrite starts.
 */
export function RewrittenText({ text }: { text: string }) {
  return <Markdown source={text} headingOffset={2} />;
}

export function Compare({
  target,
  previous,
  rewritten,
  imageUrl,
  onAccept,
  onReject,
}: {
  target: RegenerateTarget;
  previous: Previous;
  rewritten: Rewritten;
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
