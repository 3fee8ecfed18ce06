import { expect } from 'vitest';
import type { SignedUp, TestServer } from '../../../testing/test-server.ts';
import type { TestTool } from './test-tool.ts';

export interface RegisteredTool {
  id: string;
  clientId: string;
  deploymentId: string;
  platform: { issuer: string; authorizationUrl: string; tokenUrl: string; jwksUrl: string };
}

export interface ToolCourse {
  tool: RegisteredTool;
  courseId: string;
  lessonId: string;
  enrolmentId: string;
}

/** Registers `tool` in the owner's organisation and publishes a course whose lesson holds its block; the owner enrols. */
export async function toolCourse(t: TestServer, owner: SignedUp, tool: TestTool): Promise<ToolCourse> {
  const registered = await t.inject({
    method: 'POST',
    url: '/v1/lti/tools',
    headers: owner.auth,
    payload: { name: 'Spec tool', ...tool.registration },
  });
  expect(registered.statusCode, registered.body).toBe(201);
  const view = registered.json<RegisteredTool>();
  const courseId = (await t.inject({ method: 'POST', url: '/v1/courses', headers: owner.auth, payload: { title: 'Tool course' } })).json<{
    id: string;
  }>().id;
  const outline = await t.inject({
    method: 'PUT',
    url: `/v1/courses/${courseId}/outline`,
    headers: owner.auth,
    payload: { modules: [{ title: 'One', lessons: [{ title: 'With a tool', objectives: [] }] }] },
  });
  const lessonId = outline.json<{ modules: Array<{ lessons: Array<{ id: string }> }> }>().modules[0]?.lessons[0]?.id ?? '';
  const saved = await t.inject({
    method: 'PUT',
    url: `/v1/lessons/${lessonId}/blocks`,
    headers: owner.auth,
    payload: { blocks: [{ id: 'tool', type: 'external-tool', toolId: view.id, title: 'Simulation' }] },
  });
  expect(saved.statusCode, saved.body).toBe(200);
  expect((await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: owner.auth })).statusCode).toBe(200);
  const enrolmentId = (await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/enrolments`, headers: owner.auth })).json<{ id: string }>().id;
  return { tool: view, courseId, lessonId, enrolmentId };
}

/** Starts a learner's launch and returns the login initiation's parameters. */
export async function startLaunch(t: TestServer, learner: SignedUp, course: ToolCourse): Promise<URLSearchParams> {
  const response = await t.inject({
    method: 'POST',
    url: `/v1/enrolments/${course.enrolmentId}/lessons/${course.lessonId}/lti-launches`,
    headers: learner.auth,
    payload: { blockId: 'tool' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return new URL(response.json<{ loginUrl: string }>().loginUrl).searchParams;
}

/** The tool's auth request for an initiation, as the spec's example sends it; `overrides` break one parameter. */
export function authQuery(initiation: URLSearchParams, redirectUri: string, overrides: Record<string, string | null> = {}): string {
  const params: Record<string, string | null> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: initiation.get('client_id'),
    redirect_uri: redirectUri,
    login_hint: initiation.get('login_hint'),
    lti_message_hint: initiation.get('lti_message_hint'),
    state: 'tool-state-1',
    nonce: crypto.randomUUID(),
    ...overrides,
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null) query.set(name, value);
  return query.toString();
}
