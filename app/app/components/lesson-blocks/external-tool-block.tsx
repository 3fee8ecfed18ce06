import { safeUrl } from '@mirai/url-policy';
import type { ExternalToolLessonBlock, ToolLaunching } from './types';

/**
 * An external LTI tool. The learner first asks the server for a one-time launch (five minutes),
 * then opens it with a real link click in a new tab: tools keep their own cookies, which a frame
 * inside Mirai would make third-party.
 */
export function ExternalToolBlockView({ block, launching }: { block: ExternalToolLessonBlock; launching?: ToolLaunching | undefined }) {
  const heading = <p className="lb-tool__title">{block.resourceLink?.title ?? block.title}</p>;
  if (launching === undefined)
    return (
      <section className="lb-tool" aria-label={block.title}>
        {heading}
        <p className="lb-tool__hint">Learners open this activity from the external tool in a new tab.</p>
      </section>
    );
  const launch = launching.launches[block.id];
  const href = launch?.loginUrl === undefined ? null : safeUrl(launch.loginUrl);
  return (
    <section className="lb-tool" aria-label={block.title}>
      {heading}
      {href === null ? (
        <button type="button" className="button" disabled={launching.launching === block.id} onClick={() => launching.onLaunch(block.id)}>
          {launching.launching === block.id ? 'Preparing…' : 'Start the activity'}
        </button>
      ) : (
        <a className="button" href={href} target="_blank" rel="noopener noreferrer">
          Open {block.title} in a new tab
        </a>
      )}
      {launch?.error === undefined ? null : (
        <p className="field__error" role="alert">
          {launch.error}
        </p>
      )}
    </section>
  );
}
