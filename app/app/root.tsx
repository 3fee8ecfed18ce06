import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { getToken } from './lib/session.server';
import stylesheet from './styles.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: stylesheet }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { signedIn: (await getToken(request)) !== undefined };
}

function SiteHeader({ signedIn }: { signedIn: boolean }) {
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        Mirai
      </Link>
      <nav aria-label="Account">
        {signedIn ? (
          <>
            <NavLink to="/dashboard">Dashboard</NavLink>
            <NavLink to="/learn">Learn</NavLink>
            <NavLink to="/admin">Admin</NavLink>
            <Form method="post" action="/sign-out" className="inline-form">
              <button type="submit" className="button button--link">
                Sign out
              </button>
            </Form>
          </>
        ) : (
          <>
            <Link to="/sign-in">Sign in</Link>
            <Link to="/sign-up" className="button">
              Sign up
            </Link>
          </>
        )}
      </nav>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const rootData = useRouteLoaderData<typeof loader>('root');
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader signedIn={rootData?.signedIn ?? false} />
        <main id="main" className="page">
          {children}
        </main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const heading = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}`.trim() : 'Something went wrong';
  const detail = isRouteErrorResponse(error) && typeof error.data === 'string' ? error.data : 'An unexpected error occurred. Please try again.';
  return (
    <section className="panel" aria-labelledby="error-heading">
      <h1 id="error-heading">{heading}</h1>
      <p>{detail}</p>
      <p>
        <Link to="/">Back to the start page</Link>
      </p>
    </section>
  );
}
