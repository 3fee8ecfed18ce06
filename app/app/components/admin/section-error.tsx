import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';

/** A child page's error state: the layout and its navigation stay, the failure is explained here. */
export function SectionError({ what, retryTo }: { what: string; retryTo: string }) {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) && typeof error.data === 'string' ? error.data : `Something went wrong while loading ${what}.`;
  const status = isRouteErrorResponse(error) ? error.status : undefined;
  return (
    <section className="panel" aria-labelledby="section-error-heading">
      <h1 id="section-error-heading">{status === 404 ? 'Not found' : `Could not load ${what}`}</h1>
      <p role="alert">{detail}</p>
      <p>
        <Link to={retryTo}>Try again</Link>
      </p>
    </section>
  );
}
