import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';

/** The frame of the course set-up pages: a way back to the dashboard, the course's title, the page. */
export function AuthoringPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="authoring">
      <p className="breadcrumbs">
        <Link to="/dashboard">Dashboard</Link> / {title}
      </p>
      <h1>{title}</h1>
      {children}
    </div>
  );
}
