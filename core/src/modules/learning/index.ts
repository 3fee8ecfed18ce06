import { defineModule } from '../mirai-module.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { EnrolmentSchema, LessonProgressSchema, QuizAttemptSchema } from './enrolment.entity.ts';
import type { EnrolmentsService } from './enrolments.service.ts';
import { learnerRoutes } from './learner.routes.ts';
import { CoursePublicationSchema, PublishedLessonSchema } from './publication.entity.ts';
import { publishingRoutes } from './publishing.routes.ts';
import type { PublishingService } from './publishing.service.ts';

export interface LearningServices {
  publishing: PublishingService;
  enrolments: EnrolmentsService;
  plugins: TenantPluginsService;
}

/** Publishing courses to learners, enrolments, progress and quizzes. */
export const learningModule = defineModule<LearningServices>({
  name: 'learning',
  entities: {
    tenantOwned: [CoursePublicationSchema, PublishedLessonSchema, EnrolmentSchema, LessonProgressSchema, QuizAttemptSchema],
    instanceWide: [],
  },
  routes: async (app, { publishing, enrolments, plugins }) => {
    await app.register(publishingRoutes, { publishing, enrolments });
    await app.register(learnerRoutes, { publishing, enrolments, plugins });
  },
});
