import type { LinksFunction, MetaFunction } from '@remix-run/node';
import { packageImportAction } from '../components/package-import/package-import.server';
import { PackageImportPage } from '../components/package-import/package-import-page';
import authoring from '../styles/authoring.css?url';

export const meta: MetaFunction = () => [{ title: 'Import a cmi5 course · Mirai' }];
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authoring }];

export const action = packageImportAction(async (client, uploadId) => {
  const imported = await client.POST('/v1/cmi5-courses', { body: { uploadId } });
  return imported.data !== undefined ? { courseId: imported.data.courseId } : { problem: imported.error };
}, 'The cmi5 course could not be imported.');

export default function ImportCmi5() {
  return (
    <PackageImportPage
      title="Import a cmi5 course"
      actionPath="/courses/import-cmi5"
      explanation={
        <>
          Choose a cmi5 course: a zip with <code>cmi5.xml</code> at its root, or a bare <code>cmi5.xml</code> whose AUs are https URLs. Mirai checks
          it against the cmi5 course structure schema and makes it a draft course with one lesson per AU; Mirai is the AUs' LRS.
        </>
      }
      fileLabel="cmi5 course (.zip or cmi5.xml)"
      accept=".zip,.xml,application/zip,text/xml"
    />
  );
}
