import type { paths } from './schema';

type OkJson<Path extends keyof paths, Method extends 'get' | 'post'> = paths[Path][Method] extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

export type Me = OkJson<'/v1/me', 'get'>;
export type Course = OkJson<'/v1/courses', 'get'> extends { items: Array<infer Item> } ? Item : never;
export type Plugin = OkJson<'/v1/plugins', 'get'> extends { items: Array<infer Item> } ? Item : never;

/** What the dashboard shows of a plugin (its config stays on the server). */
export type PluginSummary = Pick<Plugin, 'name' | 'version' | 'capabilities' | 'enabled'>;
export type CourseSummary = Pick<Course, 'id' | 'title' | 'desiredOutcome' | 'language' | 'status' | 'kind' | 'archivedAt' | 'updatedAt' | 'tags'>;

type QuizAttemptRoute = paths['/v1/enrolments/{id}/lessons/{lessonId}/quiz-attempts']['post'];
type QuizAttempt = QuizAttemptRoute['responses'][201]['content']['application/json'];
/** A learner's response to one question, in the field its kind asks for (as the API takes it). */
export type QuizResponse = Omit<QuizAttemptRoute['requestBody']['content']['application/json']['answers'][number], 'questionId'>;
/** One graded question, as the API reports it. */
export type QuestionResult = QuizAttempt['results'][number];
/** A graded attempt, as the quiz-attempts route answers (the author preview grades locally into the same shape). */
export type QuizResult = Pick<QuizAttempt, 'correct' | 'total' | 'passed' | 'passMark' | 'results'>;
