import type { CourseDocument } from './course-document.ts';

export interface ExportProgress {
  /** 0..100 */
  percent: number;
  message: string;
}

export interface ExportOptions {
  /** Format-specific switches declared by the exporter, e.g. `{ scoPerLesson: true }`. */
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
  fileName(course: CourseDocument): string;
  export(course: CourseDocument, options: ExportOptions): AsyncIterable<Uint8Array>;
}
