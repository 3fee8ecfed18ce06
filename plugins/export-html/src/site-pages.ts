import { type AssetPaths, escapeHtml, type LessonEntry, languageTag } from '@mirai/export-kit';
import type { CourseDocument } from '@mirai/sdk-plugin';
import { blockHtml } from './block-html.ts';

interface PageParts {
  course: CourseDocument;
  title: string;
  main: string;
  /** The site script, inlined so the page works from file:// without loading anything. */
  script: string;
}

function page({ course, title, main, script }: PageParts): string {
  return `<!doctype html>
<html lang="${escapeHtml(languageTag(course.language))}" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><p class="site-title"><a href="index.html">${escapeHtml(course.title)}</a></p></header>
<main id="main" tabindex="-1">
${main}
</main>
<footer class="site-footer"><p>Exported from Mirai for offline reading.</p></footer>
<script>
${script}</script>
</body>
</html>
`;
}

/** The home page: title, desired outcome and the table of contents. */
export function indexPage(course: CourseDocument, lessons: LessonEntry[], script: string): string {
  const modules = course.modules
    .map((module, m) => {
      const items = lessons
        .filter((entry) => entry.module === module)
        .map((entry) => `<li><a href="${entry.file}">${escapeHtml(entry.lesson.title)}</a></li>`)
        .join('\n');
      return `<li><h3>Module ${m + 1}: ${escapeHtml(module.title)}</h3>\n<ol>\n${items}\n</ol></li>`;
    })
    .join('\n');
  const first = lessons[0];
  const start = first === undefined ? '' : `<p><a class="start" href="${first.file}">Start the course</a></p>`;
  const main = `<h1>${escapeHtml(course.title)}</h1>
<p class="outcome">${escapeHtml(course.desiredOutcome)}</p>
${start}
<nav class="toc" aria-labelledby="toc-title">
<h2 id="toc-title">Contents</h2>
<ol class="modules">
${modules}
</ol>
</nav>`;
  return page({ course, title: course.title, main, script });
}

export interface LessonPageInput {
  course: CourseDocument;
  entry: LessonEntry;
  previous: LessonEntry | undefined;
  next: LessonEntry | undefined;
  assets: AssetPaths;
  script: string;
}

function pager(previous: LessonEntry | undefined, next: LessonEntry | undefined): string {
  const links = [
    previous && `<a rel="prev" href="${previous.file}">Previous: ${escapeHtml(previous.lesson.title)}</a>`,
    '<a href="index.html">Contents</a>',
    next && `<a rel="next" href="${next.file}">Next: ${escapeHtml(next.lesson.title)}</a>`,
  ].filter((link) => typeof link === 'string');
  return `<nav class="pager" aria-label="Lesson navigation">\n${links.join('\n')}\n</nav>`;
}

/** One lesson: where it sits, its objectives, its blocks and previous/next links. */
export function lessonPage({ course, entry, previous, next, assets, script }: LessonPageInput): string {
  let counter = 0;
  const context = { assets, id: (prefix: string) => `${prefix}-${++counter}` };
  const { lesson, module } = entry;
  const objectives =
    lesson.objectives.length === 0
      ? ''
      : `<section class="objectives" aria-labelledby="objectives-title">
<h2 id="objectives-title">In this lesson you will</h2>
<ul>
${lesson.objectives.map((objective) => `<li>${escapeHtml(objective)}</li>`).join('\n')}
</ul>
</section>`;
  const main = `<article class="lesson">
<p class="eyebrow">Module ${escapeHtml(entry.number.split('.')[0] ?? '')}: ${escapeHtml(module.title)} · Lesson ${entry.number}</p>
<h1>${escapeHtml(lesson.title)}</h1>
${objectives}
${lesson.blocks.map((block) => blockHtml(block, context)).join('\n')}
</article>
${pager(previous, next)}`;
  return page({ course, title: `${lesson.title} · ${course.title}`, main, script });
}
