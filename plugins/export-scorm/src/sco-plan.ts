import { slugify } from '@mirai/export-kit';
import type { CourseDocument, LessonDocument, ModuleDocument } from '@mirai/sdk-plugin';
import type { ManifestItem } from './manifest-model.ts';

export interface PlannedLesson {
  module: ModuleDocument;
  lesson: LessonDocument;
}

/** One SCO: a launch page with one lesson, or with the whole course. */
export interface ScoPlan {
  identifier: string;
  href: string;
  title: string;
  kicker: string;
  wholeCourse: boolean;
  lessons: PlannedLesson[];
}

export interface PackagePlan {
  scos: ScoPlan[];
  /** The organization's items: modules → lessons, or a single item for the course. */
  items: ManifestItem[];
  lessonCount: number;
}

const hasQuestions = (lessons: LessonDocument[]) =>
  lessons.some((lesson) => lesson.blocks.some((block) => block.type === 'quiz' && block.questions.length > 0));

const pad = (index: number) => String(index + 1).padStart(2, '0');

/** Decides the SCOs and the organization tree. Modules without lessons are left out. */
export function planPackage(course: CourseDocument, scoPerLesson: boolean): PackagePlan {
  const modules = course.modules.filter((module) => module.lessons.length > 0);
  const lessonCount = modules.reduce((sum, module) => sum + module.lessons.length, 0);

  if (!scoPerLesson) {
    const lessons = modules.flatMap((module) => module.lessons.map((lesson) => ({ module, lesson })));
    const sco: ScoPlan = { identifier: 'RES-COURSE', href: 'content/course.html', title: course.title, kicker: 'Course', wholeCourse: true, lessons };
    const item: ManifestItem = {
      identifier: 'ITEM-COURSE',
      title: course.title,
      resource: sco.identifier,
      scored: hasQuestions(lessons.map((entry) => entry.lesson)),
      children: [],
    };
    return { scos: [sco], items: [item], lessonCount };
  }

  const scos: ScoPlan[] = [];
  const items = modules.map((module, moduleIndex): ManifestItem => {
    const children = module.lessons.map((lesson, lessonIndex): ManifestItem => {
      const key = `M${pad(moduleIndex)}-L${pad(lessonIndex)}`;
      const sco: ScoPlan = {
        identifier: `RES-${key}`,
        href: `content/${key.toLowerCase()}-${slugify(lesson.title, 'lesson', 40)}.html`,
        title: lesson.title,
        kicker: `${course.title} · ${module.title}`,
        wholeCourse: false,
        lessons: [{ module, lesson }],
      };
      scos.push(sco);
      return { identifier: `ITEM-${key}`, title: lesson.title, resource: sco.identifier, scored: hasQuestions([lesson]), children: [] };
    });
    return { identifier: `ITEM-M${pad(moduleIndex)}`, title: module.title, scored: false, children };
  });
  return { scos, items, lessonCount };
}
