import type { CourseDocument, LessonDocument, ModuleDocument } from '@mirai/sdk-plugin';

/** Lower-case ASCII words joined by dashes, at most `maxLength` characters; `fallback` when nothing is left. */
export function slugify(text: string, fallback = 'course', maxLength = 60): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return slug === '' ? fallback : slug;
}

/** The course's language as a BCP 47 tag for `lang`, or `en` when it is not one. */
export function languageTag(language: string): string {
  return /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(language.trim()) ? language.trim() : 'en';
}

export interface LessonEntry {
  module: ModuleDocument;
  lesson: LessonDocument;
  /** File name of the lesson's page, at the root of the site. */
  file: string;
  /** e.g. `1.2` for module 1, lesson 2. */
  number: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Every lesson in reading order with the page it gets. */
export function lessonEntries(course: CourseDocument): LessonEntry[] {
  return course.modules.flatMap((module, m) =>
    module.lessons.map((lesson, l) => ({
      module,
      lesson,
      file: `m${pad(m + 1)}-l${pad(l + 1)}-${slugify(lesson.title, 'lesson')}.html`,
      number: `${m + 1}.${l + 1}`,
    })),
  );
}

/** A zip path for an asset: its position (so names never clash) and the storage key's file name. */
export function assetPath(position: number, storageKey: string): string {
  const base = storageKey.split('/').pop() ?? '';
  const dot = base.lastIndexOf('.');
  const stem = slugify(dot > 0 ? base.slice(0, dot) : base, 'asset');
  const extension = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  return `assets/${position}-${stem}${/^[a-z0-9]{1,5}$/.test(extension) ? `.${extension}` : ''}`;
}
