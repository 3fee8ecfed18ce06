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
export type CourseSummary = Pick<Course, 'id' | 'title' | 'desiredOutcome' | 'language' | 'status' | 'updatedAt'>;
