import { type AssetPaths, escapeHtml, languageTag } from '@mirai/export-kit';
import type { CourseDocument } from '@mirai/sdk-plugin';
import { type CartridgeLesson, STYLESHEET, WEB_RESOURCES } from './cartridge-layout.ts';
import { blockHtml } from './content-blocks.ts';

/** The stylesheet every lesson page links; small, because LMSs restyle imported pages anyway. */
export const CARTRIDGE_CSS = `body { font-family: system-ui, sans-serif; line-height: 1.6; max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem; color: #1d2330; }
.eyebrow, figcaption { color: #4d5566; }
.callout { border-left: 4px solid #2f4fb3; background: #f3f5f9; padding: 0.5rem 1rem; margin: 1rem 0; }
.callout-tip { border-color: #1e6b36; }
.callout-warning { border-color: #a1262b; }
.callout-label { font-weight: 700; margin: 0; }
pre { background: #f3f5f9; padding: 0.75rem; overflow-x: auto; }
img { max-width: 100%; height: auto; }
.image-missing { border: 1px dashed #4d5566; padding: 1rem; font-style: italic; }
.cards { list-style: none; padding: 0; }
.flashcard { background: #f3f5f9; border: 1px solid #4d5566; border-radius: 0.5rem; padding: 0.75rem 1rem; margin-bottom: 0.5rem; }
.flashcard summary { cursor: pointer; font-weight: 600; }
.quiz-pointer { font-weight: 600; }
`;

/** One lesson as a web content page; `assets` maps storage keys to paths under web_resources/. */
export function webContentPage(course: CourseDocument, entry: CartridgeLesson, assets: AssetPaths): string {
  let counter = 0;
  const relative = new Map([...assets].map(([key, path]) => [key, path === null ? null : `../${WEB_RESOURCES}/${path}`]));
  // An LMS serves cartridge pages over http, where the providers' players work.
  const context = { assets: relative, embeds: 'frame' as const, quizTitle: entry.quizTitle, id: (prefix: string) => `${prefix}-${++counter}` };
  const { lesson, module } = entry;
  const objectives =
    lesson.objectives.length === 0
      ? ''
      : `<h2>In this lesson you will</h2>\n<ul>\n${lesson.objectives.map((objective) => `<li>${escapeHtml(objective)}</li>`).join('\n')}\n</ul>`;
  return `<!doctype html>
<html lang="${escapeHtml(languageTag(course.language))}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(lesson.title)}</title>
<link rel="stylesheet" href="../${STYLESHEET}">
</head>
<body>
<main>
<article class="lesson">
<p class="eyebrow">${escapeHtml(module.title)} · Lesson ${entry.number}</p>
<h1>${escapeHtml(lesson.title)}</h1>
${objectives}
${lesson.blocks.map((block) => blockHtml(block, context)).join('\n')}
</article>
</main>
</body>
</html>
`;
}
