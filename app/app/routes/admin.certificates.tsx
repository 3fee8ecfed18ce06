import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { AdminTable } from '../components/admin/admin-table';
import { SectionError } from '../components/admin/section-error';
import { StatusMessage } from '../components/admin/status-message';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';

export const meta: MetaFunction = () => [{ title: 'Certificates · Administration · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { certificates: requireApiData(await (await api(request)).GET('/v1/certificates'), 'certificates').items };
}

/** Revokes one certificate; its public verification page says so from then on. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const id = textField(form, 'certificateId');
  const reason = textField(form, 'reason').trim();
  if (reason === '') return data({ ok: false, message: 'Give a reason: the verification page shows it.', id }, { status: 400 });
  const response = await (await api(request)).POST('/v1/certificates/{id}/revoke', { params: { path: { id } }, body: { reason } });
  if (response.data === undefined)
    return data(
      { ok: false, message: formErrorsFromProblem(response.error, 'The certificate could not be revoked.').message, id },
      { status: response.response.status },
    );
  return { ok: true, message: `The certificate of ${response.data.learnerEmail} for ${response.data.courseTitle} is revoked.`, id };
}

export default function AdminCertificates() {
  const { certificates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const statusRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result !== undefined) statusRef.current?.focus();
  }, [result]);
  return (
    <>
      <h1 className="admin__title">Certificates</h1>
      <StatusMessage id="certificates-status" ref={statusRef} result={result} />
      <section className="panel" aria-labelledby="certificates-heading">
        <h2 id="certificates-heading">
          Issued <span className="count">({certificates.length})</span>
        </h2>
        <p>Learners earn a certificate by completing a course. Revoke one that should not stand; its verification page will say so.</p>
        {certificates.length === 0 ? (
          <p className="empty">No certificates yet.</p>
        ) : (
          <AdminTable testId="certificates" caption="Certificates issued by the organisation" columns={['Learner', 'Course', 'Issued', 'Status']}>
            {certificates.map((certificate) => (
              <tr key={certificate.id}>
                <td data-label="Learner">{certificate.learnerEmail}</td>
                <td data-label="Course">{certificate.courseTitle}</td>
                <td data-label="Issued">
                  <time dateTime={certificate.issuedAt}>{certificate.issuedAt.slice(0, 10)}</time>
                </td>
                <td data-label="Status">
                  {certificate.revokedAt === null
                    ? 'Valid'
                    : `Revoked${certificate.revocationReason === null ? '' : `: ${certificate.revocationReason}`}`}{' '}
                  (<Link to={`/certificates/${certificate.id}`}>verification page</Link>)
                </td>
                <td>
                  {certificate.revokedAt !== null ? null : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="certificateId" value={certificate.id} />
                      <label htmlFor={`reason-${certificate.id}`} className="visually-hidden">
                        Reason for revoking the certificate of {certificate.learnerEmail}
                      </label>
                      <input id={`reason-${certificate.id}`} name="reason" type="text" placeholder="Reason" required maxLength={500} />
                      <button type="submit" className="button button--danger-link" disabled={busy}>
                        Revoke
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </AdminTable>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <SectionError what="certificates" retryTo="/admin/certificates" />;
}
