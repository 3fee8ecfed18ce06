import type { paths } from '../../api/schema';

type Ok<T> = T extends { responses: { 200: { content: { 'application/json': infer Body } } } } ? Body : never;

/** A format an enabled exporter provides, with the settings it declares. */
export type ExportFormatChoice = Ok<paths['/v1/export-formats']['get']>['items'][number];
/** One earlier export of the course, as listed. */
export type CourseExportRow = Ok<paths['/v1/courses/{id}/exports']['get']>['items'][number];
