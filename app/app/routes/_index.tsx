import { type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { getToken } from '../lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Mirai' }, { name: 'description', content: 'Create courses with AI assistance.' }];

export async function loader({ request }: LoaderFunctionArgs) {
  if ((await getToken(request)) !== undefined) throw redirect('/dashboard');
  return null;
}

export default function Landing() {
  return (
    <section className="hero" aria-labelledby="landing-heading">
      <h1 id="landing-heading">Create courses with AI, on your terms</h1>
      <p className="lead">Mirai is an open, plugin-based learning platform for writing courses with AI assistance.</p>
      <p className="actions">
        <Link to="/sign-up" className="button">
          Create an organisation
        </Link>
        <Link to="/sign-in" className="button button--secondary">
          Sign in
        </Link>
      </p>
    </section>
  );
}
