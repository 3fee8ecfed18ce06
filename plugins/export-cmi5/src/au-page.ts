import { type AssetPaths, escapeHtml, type LessonEntry, languageTag } from '@mirai/export-kit';
import type { CourseDocument } from '@mirai/sdk-plugin';
import { blockHtml } from './au-blocks.ts';
import type { Cmi5Settings } from './cmi5-settings.ts';
import { auRules } from './course-structure.ts';

/**
 * One lesson as a cmi5 AU: the content, its quizzes, "Finish lesson" and "Exit", and the xAPI client
 * (`cmi5-au.js`). The packaged moveOn and mastery score are fallbacks; the LMS's launch data wins.
 */
export function auPage(course: CourseDocument, entry: LessonEntry, assets: AssetPaths, settings: Cmi5Settings): string {
  let counter = 0;
  // An LMS serves AUs over http, where the providers' players work.
  const context = { assets, embeds: 'frame' as const, language: languageTag(course.language), id: (prefix: string) => `${prefix}-${++counter}` };
  const { lesson, module } = entry;
  const rules = auRules(lesson, settings);
  const mastery = rules.masteryScore === null ? '' : ` data-mastery-score="${rules.masteryScore}"`;
  const objectives =
    lesson.objectives.length === 0
      ? ''
      : `<section class="objectives" aria-labelledby="objectives-title">
<h2 id="objectives-title">In this lesson you will</h2>
<ul>
${lesson.objectives.map((objective) => `<li>${escapeHtml(objective)}</li>`).join('\n')}
</ul>
</section>`;
  return `<!doctype html>
<html lang="${escapeHtml(languageTag(course.language))}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(lesson.title)} · ${escapeHtml(course.title)}</title>
<link rel="stylesheet" href="au.css">
<script src="cmi5-au.js" defer></script>
</head>
<body data-move-on="${rules.moveOn}"${mastery}>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<p class="site-title">${escapeHtml(course.title)}</p>
<p class="au-status" role="status" data-au-status>Connecting to your learning system…</p>
</header>
<main id="main" tabindex="-1">
<article class="lesson">
<p class="eyebrow">${escapeHtml(module.title)} · Lesson ${entry.number}</p>
<h1>${escapeHtml(lesson.title)}</h1>
${objectives}
${lesson.blocks.map((block) => blockHtml(block, context)).join('\n')}
</article>
<section class="au-finish" aria-labelledby="finish-title">
<h2 id="finish-title">Done with this lesson?</h2>
<button type="button" data-au-finish>Finish lesson</button>
<button type="button" data-au-exit>Exit</button>
</section>
</main>
</body>
</html>
`;
}
