import { useFetcher } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useEditorUi } from '../../stores/editor-ui.store';
import type { EditorResult } from './editor-action.server';
import { useEditorTools } from './lti-tools-context';

/**
 * Deep Linking from an external-tool block: the server prepares a one-time request for the saved
 * block, the author opens the tool in a new tab (a real link click, as learners do) and picks
 * content there; the tool sends it back to the API, which stores it in the draft. When the author
 * comes back to this tab the lesson is reloaded to show it.
 */
export function DeepLinkButton({ blockId, toolName }: { blockId: string; toolName: string }) {
  const { action, reload } = useEditorTools();
  const save = useEditorUi((s) => s.save);
  const fetcher = useFetcher<EditorResult>();
  const linkRef = useRef<HTMLAnchorElement>(null);
  const opened = useRef(false);
  const answer = fetcher.state === 'idle' ? fetcher.data : undefined;
  // The action only answers with a login URL that passed the URL policy.
  const loginUrl = answer?.ok === true && answer.loginUrl !== undefined ? answer.loginUrl : null;
  const unsaved = save === 'dirty' || save === 'saving' || save === 'error';

  useEffect(() => {
    if (loginUrl !== null) linkRef.current?.focus();
  }, [loginUrl]);
  // Back from the tool's tab: the chosen content is in a newer version of the draft.
  useEffect(() => {
    const back = () => {
      if (!opened.current) return;
      opened.current = false;
      reload();
    };
    window.addEventListener('focus', back);
    return () => window.removeEventListener('focus', back);
  }, [reload]);

  return (
    <div className="field deep-link">
      {loginUrl === null ? (
        <button
          type="button"
          className="button button--secondary"
          disabled={unsaved || fetcher.state !== 'idle'}
          aria-describedby={`${blockId}-deep-link-hint`}
          onClick={() => fetcher.submit({ intent: 'deepLink', blockId }, { method: 'post', action })}
        >
          {fetcher.state === 'idle' ? 'Choose content from the tool' : 'Preparing…'}
        </button>
      ) : (
        <a ref={linkRef} className="button" href={loginUrl} target="_blank" rel="noopener noreferrer" onClick={() => (opened.current = true)}>
          Open {toolName} to choose content (new tab)
        </a>
      )}
      <p id={`${blockId}-deep-link-hint`} className="field__hint">
        {unsaved ? 'Wait until the block is saved.' : `${toolName} opens in a new tab; what you choose there appears here when you come back.`}
      </p>
      {answer?.ok === false ? (
        <p className="field__error" role="alert">
          {answer.error}
        </p>
      ) : null}
      {loginUrl === null ? null : (
        <button type="button" className="button button--secondary" onClick={reload}>
          Show the chosen content
        </button>
      )}
    </div>
  );
}
