import { escapeHtml } from '@mirai/export-kit';
import type { LessonDocument } from '@mirai/sdk-plugin';
import { type BlockRenderContext, renderBlocks } from './render-blocks.ts';

export type ScormVersion = '1.2' | '2004';

export interface ScoPageInput {
  version: ScormVersion;
  language: string;
  /** Shown above the title, e.g. the course and module names. */
  kicker: string;
  title: string;
  /** Rendered lessons (see renderLessonContent). */
  contentHtml: string;
  /** Percentage used when the LMS supplies no mastery score. */
  masteryScore: number;
  /** Relative path from the page to the package root, e.g. `../`. */
  rootPrefix: string;
}

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/** A lesson's objectives and blocks; `titleLevel` adds the lesson title as a heading (for one-SCO-per-course pages). */
export function renderLessonContent(lesson: LessonDocument, context: BlockRenderContext, titleLevel?: number): string {
  const title = titleLevel === undefined ? '' : `<h${titleLevel} class="lesson-title">${escapeHtml(lesson.title)}</h${titleLevel}>`;
  const objectives =
    lesson.objectives.length === 0
      ? ''
      : `<div class="objectives"><p class="objectives-label">In this lesson you will:</p><ul>${lesson.objectives
          .map((objective) => `<li>${escapeHtml(objective)}</li>`)
          .join('')}</ul></div>`;
  return `<section class="lesson">${title}${objectives}${renderBlocks(lesson.blocks, context)}</section>`;
}

/** A complete, self-contained SCO launch page: content plus the shared player script and styles. */
export function renderScoPage(input: ScoPageInput): string {
  const language = LANGUAGE_TAG.test(input.language) ? input.language : 'en';
  return `<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<link rel="stylesheet" href="${input.rootPrefix}shared/content.css">
<link rel="stylesheet" href="${input.rootPrefix}shared/player.css">
</head>
<body data-scorm-version="${input.version}" data-mastery-score="${input.masteryScore}">
<main class="sco">
<header class="sco-header">
<p class="kicker">${escapeHtml(input.kicker)}</p>
<h1>${escapeHtml(input.title)}</h1>
<p class="lms-notice" hidden>No LMS connection was found: your progress in this lesson is not being recorded.</p>
</header>
${input.contentHtml}
<footer class="sco-footer" id="sco-end">
<p class="sco-status" role="status" aria-live="polite"></p>
<button type="button" class="complete-button">Complete lesson</button>
</footer>
</main>
<script src="${input.rootPrefix}shared/player.js"></script>
</body>
</html>
`;
}
