import { escapeHtml as escapeXml, type LessonEntry, languageTag } from '@mirai/export-kit';
import type { CourseDocument, LessonDocument } from '@mirai/sdk-plugin';
import type { Cmi5Settings, MoveOn } from './cmi5-settings.ts';

const hasQuiz = (lesson: LessonDocument) => lesson.blocks.some((block) => block.type === 'quiz' && block.questions.length > 0);

/** What an AU is packaged with: a lesson without a quiz cannot pass, so a rule that needs passing becomes `Completed`. */
export function auRules(lesson: LessonDocument, settings: Cmi5Settings): { moveOn: MoveOn; masteryScore: number | null } {
  if (hasQuiz(lesson)) return { moveOn: settings.moveOn, masteryScore: settings.masteryScore };
  const needsPass = settings.moveOn === 'Passed' || settings.moveOn === 'CompletedAndPassed';
  return { moveOn: needsPass ? 'Completed' : settings.moveOn, masteryScore: null };
}

export const activityIds = (course: CourseDocument, settings: Cmi5Settings) => ({
  course: settings.activityIdBase,
  module: (moduleId: string) => `${settings.activityIdBase}/module/${encodeURIComponent(moduleId)}`,
  lesson: (lessonId: string) => `${settings.activityIdBase}/lesson/${encodeURIComponent(lessonId)}`,
  language: languageTag(course.language),
});

/** `cmi5.xml`: the course, one block per module and one AU per lesson, valid against CourseStructure.xsd. */
export function courseStructureXml(course: CourseDocument, lessons: LessonEntry[], settings: Cmi5Settings): string {
  const ids = activityIds(course, settings);
  const text = (tag: string, value: string, indent: string) =>
    `${indent}<${tag}><langstring lang="${ids.language}">${escapeXml(value)}</langstring></${tag}>`;
  const blocks = course.modules
    .map((module) => {
      const aus = lessons
        .filter((entry) => entry.module === module)
        .map(({ lesson, file }) => {
          const rules = auRules(lesson, settings);
          const mastery = rules.masteryScore === null ? '' : ` masteryScore="${rules.masteryScore}"`;
          return [
            `    <au id="${escapeXml(ids.lesson(lesson.id))}" moveOn="${rules.moveOn}"${mastery} launchMethod="AnyWindow">`,
            text('title', lesson.title, '      '),
            text('description', lesson.objectives.length > 0 ? lesson.objectives.join('; ') : lesson.title, '      '),
            `      <url>${escapeXml(file)}</url>`,
            '    </au>',
          ].join('\n');
        });
      if (aus.length === 0) return '';
      return [
        `  <block id="${escapeXml(ids.module(module.id))}">`,
        text('title', module.title, '    '),
        text('description', module.lessons.map((lesson) => lesson.title).join('; '), '    '),
        ...aus,
        '  </block>',
      ].join('\n');
    })
    .filter((block) => block !== '');
  return `<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="${escapeXml(ids.course)}">
${text('title', course.title, '    ')}
${text('description', course.desiredOutcome || course.title, '    ')}
  </course>
${blocks.join('\n')}
</courseStructure>
`;
}
