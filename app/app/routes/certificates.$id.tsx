import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from '@remix-run/react';
import { createApiClient } from '../api/client.server';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.certificate.courseTitle ?? 'Certificate'} · Certificate verification · Mirai` },
];

/** Public: anyone holding a certificate's id (printed on the PDF) can check that it stands. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const result = await createApiClient(undefined, request).GET('/v1/public/certificates/{id}', { params: { path: { id: params.id ?? '' } } });
  if (result.data === undefined) throw data('No certificate has this id.', { status: 404 });
  return { certificate: result.data };
}

export default function CertificateVerification() {
  const { certificate } = useLoaderData<typeof loader>();
  const revoked = certificate.status === 'revoked';
  return (
    <section className="panel panel--narrow" aria-labelledby="certificate-heading">
      <h1 id="certificate-heading">Certificate verification</h1>
      {revoked ? (
        <div className="alert" role="alert" data-testid="certificate-status">
          <p>
            <strong>This certificate was revoked</strong>
            {certificate.revokedAt === null ? null : (
              <>
                {' '}
                on <time dateTime={certificate.revokedAt}>{certificate.revokedAt.slice(0, 10)}</time>
              </>
            )}
            .{certificate.revocationReason === null ? null : ` Reason: ${certificate.revocationReason}`}
          </p>
        </div>
      ) : (
        <p className="notice" role="status" data-testid="certificate-status">
          <strong>This certificate is valid.</strong> {certificate.organisationName} issued it and has not revoked it.
        </p>
      )}
      <dl className="facts">
        <dt>Course</dt>
        <dd>{certificate.courseTitle}</dd>
        <dt>Learner</dt>
        <dd>{certificate.learner}</dd>
        <dt>Issued by</dt>
        <dd>{certificate.organisationName}</dd>
        <dt>Issued on</dt>
        <dd>
          <time dateTime={certificate.issuedAt}>{certificate.issuedAt.slice(0, 10)}</time>
        </dd>
        <dt>Certificate id</dt>
        <dd>
          <code>{certificate.id}</code>
        </dd>
      </dl>
      <p className="meta">
        The learner’s Open Badges credential is signed with the organisation’s key, published at <a href={certificate.issuer}>its issuer profile</a>.
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <section className="panel panel--narrow" aria-labelledby="certificate-error-heading">
      <h1 id="certificate-error-heading">Certificate verification</h1>
      <p role="alert">{isRouteErrorResponse(error) ? String(error.data) : 'The certificate could not be checked.'}</p>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </section>
  );
}
