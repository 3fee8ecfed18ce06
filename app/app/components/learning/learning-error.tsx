import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';

/** Error state of a learning page: says what failed and offers a way back. */
export function LearningError({ what, backTo, backLabel }: { what: string; backTo: string; backLabel: string }) {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : undefined;
  const detail = isRouteErrorResponse(error) && typeof error.data === 'string' ? error.data : `Something went wrong while loading ${what}.`;
  return (
    <section className="panel" aria-labelledby="learning-error-heading">
      <h1 id="learning-error-heading">{status === 404 ? `This ${what} is not available` : `Could not load the ${what}`}</h1>
      <p role="alert">{detail}</p>
      <p>
        <Link to={backTo}>{backLabel}</Link>
      </p>
    </section>
  );
}
