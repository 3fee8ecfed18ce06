import type { LinksFunction, MetaFunction } from '@remix-run/node';
import { packageImportAction } from '../components/package-import/package-import.server';
import { PackageImportPage } from '../components/package-import/package-import-page';
import authoring from '../styles/authoring.css?url';

export const meta: MetaFunction = () => [{ title: 'Import a SCORM package · Mirai' }];
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authoring }];

export const action = packageImportAction(async (client, uploadId) => {
  const imported = await client.POST('/v1/scorm-packages', { body: { uploadId } });
  return imported.data !== undefined ? { courseId: imported.data.courseId } : { problem: imported.error };
}, 'The package could not be imported.');

export default function ImportScorm() {
  return (
    <PackageImportPage
      title="Import a SCORM package"
      actionPath="/courses/import-scorm"
      explanation={
        <>
          Choose a SCORM 1.2 or SCORM 2004 package (a zip with <code>imsmanifest.xml</code> at its root). Mirai checks it and makes it a draft course
          with one lesson per SCO; publish it to let learners play it.
        </>
      }
      fileLabel="Package (.zip)"
      accept=".zip,application/zip"
    />
  );
}
