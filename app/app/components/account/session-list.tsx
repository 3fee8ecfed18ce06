import { Form, useNavigation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { type AccountResult, type AccountSession, utcMinute } from '../../lib/account-forms';
import { FormAlert } from '../form-alert';

interface SessionListProps {
  sessions: AccountSession[];
  /** Organisation names by id, for the organisation each session signed in to. */
  organisations: Record<string, string>;
  result: AccountResult | undefined;
}

/** The user's sessions, this one marked; any other can be signed out. */
export function SessionList({ sessions, organisations, result }: SessionListProps) {
  const navigation = useNavigation();
  const ending =
    navigation.state === 'submitting' && navigation.formData?.get('intent') === 'end-session' ? navigation.formData.get('sessionId') : null;
  const alertRef = useRef<HTMLDivElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const error = result !== undefined && 'errors' in result ? result.errors.message : undefined;
  const ended = result !== undefined && 'ended' in result;
  useEffect(() => {
    if (result !== undefined) (error === undefined ? statusRef.current : alertRef.current)?.focus();
  }, [result, error]);
  return (
    <>
      <FormAlert id="sessions-error" ref={alertRef} message={error} />
      {ended ? (
        <p role="status" ref={statusRef} tabIndex={-1}>
          The session was signed out.
        </p>
      ) : null}
      <ul className="session-list">
        {sessions.map((session) => (
          <li key={session.id}>
            <span>
              Signed in <time dateTime={session.createdAt}>{utcMinute(session.createdAt)}</time> to{' '}
              {organisations[session.organisationId] ?? 'an organisation you left'}; expires{' '}
              <time dateTime={session.expiresAt}>{utcMinute(session.expiresAt)}</time>
            </span>{' '}
            {session.current ? (
              <strong>This session</strong>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="end-session" />
                <input type="hidden" name="sessionId" value={session.id} />
                <button type="submit" className="button button--secondary" disabled={ending === session.id}>
                  {ending === session.id ? 'Signing out…' : 'Sign out'}
                  <span className="visually-hidden"> the session of {utcMinute(session.createdAt)}</span>
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
