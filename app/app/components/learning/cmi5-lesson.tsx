import { useFetcher } from '@remix-run/react';
import type { paths } from '../../api/schema';

export type Cmi5Launch = paths['/v1/enrolments/{id}/lessons/{lessonId}/cmi5-launch']['post']['responses'][200]['content']['application/json'];
export type Cmi5LaunchResult = { intent: 'cmi5-launch'; launch?: Cmi5Launch; error?: string };

/** The block id the cmi5 import gives a lesson's placeholder: such a lesson is played by launching its AU. */
export const CMI5_BLOCK_ID = 'cmi5-activity';

/**
 * A cmi5 lesson. Each launch is a new session (and abandons an unfinished one), so it starts on
 * the learner's click rather than on page load. AnyWindow AUs play in a frame from the content
 * origin; OwnWindow AUs open in their own tab and come back through the returnURL.
 */
export function Cmi5Lesson(props: { enrolmentId: string }) {
  const fetcher = useFetcher<Cmi5LaunchResult>();
  const launch = fetcher.data?.launch;
  return (
    <div className="cmi5-lesson">
      {launch === undefined ? (
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="cmi5-launch" />
          <input type="hidden" name="enrolmentId" value={props.enrolmentId} />
          <button className="button" type="submit" disabled={fetcher.state !== 'idle'}>
            {fetcher.state === 'idle' ? 'Start the activity' : 'Starting…'}
          </button>
        </fetcher.Form>
      ) : launch.launchMethod === 'OwnWindow' ? (
        <p>
          <a className="button" href={launch.launchUrl} target="_blank" rel="noopener noreferrer">
            Open “{launch.title}” in a new tab
          </a>
        </p>
      ) : (
        <iframe
          className="scorm-player"
          title={launch.title}
          src={launch.launchUrl}
          sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-modals"
          referrerPolicy="no-referrer"
        />
      )}
      <p className="meta" role={fetcher.data?.error === undefined ? 'status' : 'alert'} data-testid="cmi5-status">
        {fetcher.data?.error ??
          (launch === undefined ? 'Your results are recorded by Mirai as you play.' : 'Launched: your results are recorded as you play.')}
      </p>
    </div>
  );
}
