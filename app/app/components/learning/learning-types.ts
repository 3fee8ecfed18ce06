import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type CatalogueEntry = Json<paths['/v1/catalogue']['get']['responses'][200]>['items'][number];
export type LearnerCourse = Json<paths['/v1/catalogue/{courseId}']['get']['responses'][200]>;
export type LearnerLesson = Json<paths['/v1/catalogue/{courseId}/lessons/{lessonId}']['get']['responses'][200]>;
export type Enrolment = Json<paths['/v1/me/enrolments']['get']['responses'][200]>['items'][number];
export type QuizAttempt = Json<paths['/v1/enrolments/{id}/lessons/{lessonId}/quiz-attempts']['post']['responses'][201]>;
export type CourseLearners = Json<paths['/v1/courses/{id}/enrolments']['get']['responses'][200]>;
