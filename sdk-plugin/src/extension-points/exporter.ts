import type { JsonSchema } from '../json-schema.ts';
import type { CourseDocument } from './course-document.ts';
import type { TenantContext } from './tenant-context.ts';

export interface ExportProgress {
  /** 0..100 */
  percent: number;
  message: string;
}

export interface ExportOptions {
  /**
   * Format-specific switches, e.g. `{ scoPerLesson: true }`. When the exporter declares a
   * `settingsSchema`, the host has already validated them against it (a bad request never starts a job).
   */
  settings: Record<string, string | number | boolean>;
  /** Resolves an image block's storage key to its bytes, for self-contained packages. */
  readAsset(storageKey: string): Promise<Uint8Array | null>;
  onProgress?(progress: ExportProgress): void;
  signal?: AbortSignal;
}

/** One export format; a plugin may provide several (e.g. SCORM 1.2 and SCORM 2004). */
export interface Exporter {
  /** Stable id used in the API, e.g. `scorm12`, `scorm2004`, `cmi5`, `cc13`, `html`. */
  readonly format: string;
  readonly label: string;
  readonly mediaType: string;
  /**
   * JSON Schema of `options.settings` (an object of string, number and boolean properties). The
   * host checks a request against it when the export is requested and answers 400 naming the field.
   */
  readonly settingsSchema?: JsonSchema;
  /** The download's file name; a sandboxed exporter answers across the sandbox boundary, hence the promise. */
  fileName(course: CourseDocument): string | Promise<string>;
  /**
   * `tenant` is the organisation exporting, with its configuration of this plugin (e.g. branding)
   * and the job's abort signal; the host also enforces a time limit on the whole stream.
   */
  export(course: CourseDocument, options: ExportOptions, tenant: TenantContext): AsyncIterable<Uint8Array>;
}
