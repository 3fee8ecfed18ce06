import { useEffect, useRef } from 'react';
import { type CmiTree, launcherMessage, type ScormLaunch } from './scorm-messages';

/**
 * A third-party SCO in a sandboxed iframe on the content origin. The launcher there runs the SCORM
 * API; this component hands it the launch (the CMI to resume from) and receives its commits, by
 * postMessage only, to and from that one origin and frame. `allow-same-origin` keeps the frame on
 * the content origin (its own, never the app's), which the SCO needs to reach the launcher's API;
 * without `allow-top-navigation` a package cannot navigate the app away. `allow-modals`: packages
 * ask with confirm() (the ADL Golf samples: "resume where you left off?").
 */
export function ScormPlayer(props: {
  launch: ScormLaunch;
  onCommit: (cmi: CmiTree, navRequest: string | null) => void;
  onTerminated: (navRequest: string) => void;
}) {
  const { launch, onCommit, onTerminated } = props;
  const frameRef = useRef<HTMLIFrameElement>(null);
  const handlers = useRef({ onCommit, onTerminated });
  handlers.current = { onCommit, onTerminated };

  useEffect(() => {
    const listener = (event: MessageEvent) => {
      const frame = frameRef.current?.contentWindow;
      const message = launcherMessage(event, launch.contentOrigin, frame);
      if (message === null || frame === null || frame === undefined) return;
      if (message.type === 'mirai-scorm:ready')
        frame.postMessage(
          {
            type: 'mirai-scorm:launch',
            version: launch.version,
            title: launch.title,
            cmi: launch.cmi,
            scoUrl: launch.scoUrl,
            navigation: launch.navigation,
          },
          launch.contentOrigin,
        );
      else if (message.type === 'mirai-scorm:commit') handlers.current.onCommit(message.cmi, message.navRequest);
      else handlers.current.onTerminated(message.navRequest);
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }, [launch]);

  return (
    <iframe
      ref={frameRef}
      className="scorm-player"
      title={launch.title}
      src={launch.launcherUrl}
      sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-modals"
      referrerPolicy="no-referrer"
    />
  );
}
