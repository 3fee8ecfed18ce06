import { defineModule } from '../mirai-module.ts';
import { CourseSchema } from './course.entity.ts';
import { courseLifecycleRoutes } from './course-lifecycle.routes.ts';
import { CourseModuleSchema } from './course-module.entity.ts';
import { coursesRoutes } from './courses.routes.ts';
import type { CoursesService } from './courses.service.ts';
import { LessonSchema } from './lesson.entity.ts';
import { LessonVersionSchema } from './lesson-version.entity.ts';
import type { LessonsService } from './lessons.service.ts';
import { outlineRoutes } from './outline.routes.ts';
import type { OutlineService } from './outline.service.ts';

export interface CoursesServices {
  courses: CoursesService;
  outline: OutlineService;
  lessons: LessonsService;
}

/** Courses, their outline (modules and lessons) and lesson versions. */
export const coursesModule = defineModule<CoursesServices>({
  name: 'courses',
  entities: { tenantOwned: [CourseSchema, CourseModuleSchema, LessonSchema, LessonVersionSchema], instanceWide: [] },
  routes: async (app, { courses, outline, lessons }) => {
    await app.register(coursesRoutes, { courses });
    await app.register(courseLifecycleRoutes, { courses });
    await app.register(outlineRoutes, { courses, outline, lessons });
  },
});
