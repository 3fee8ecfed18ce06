import { createGroundedCourse, httpCaller, waitForJob as waitForCallJob } from '@mirai/core/testing';

export interface Session {
  token: string;
  call: ReturnType<typeof httpCaller>;
}

export async function signUp(baseUrl: string, email: string): Promise<Session> {
  const response = await fetch(`${baseUrl}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct horse battery', tenantName: `${email} org` }),
  });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  return { token, call: httpCaller(baseUrl, token) };
}

/** Polls a job until it is final; the API can be any replica. */
export function waitForJob(session: Session, jobId: string, timeoutMs = 90_000): Promise<{ status: string; error: string | null }> {
  return waitForCallJob(session.call, jobId, timeoutMs);
}

/** A course with a generated outline, ready for lesson generation. */
export async function courseWithOutline(session: Session, modules: number, lessons: number): Promise<string> {
  const courseId = await createGroundedCourse(session.call);
  const { jobId } = (
    await session.call({
      method: 'POST',
      url: `/v1/courses/${courseId}/generate-outline`,
      payload: { moduleCount: modules, lessonsPerModule: lessons },
    })
  ).body as {
    jobId: string;
  };
  const job = await waitForJob(session, jobId);
  if (job.status !== 'completed') throw new Error(`outline failed: ${job.error}`);
  return courseId;
}

export async function lessonVersionCounts(session: Session, courseId: string): Promise<number[]> {
  const outline = (await session.call({ method: 'GET', url: `/v1/courses/${courseId}/outline` })).body as {
    modules: Array<{ lessons: Array<{ id: string }> }>;
  };
  const counts: number[] = [];
  for (const lesson of outline.modules.flatMap((m) => m.lessons))
    counts.push(((await session.call({ method: 'GET', url: `/v1/lessons/${lesson.id}/versions` })).body as { items: unknown[] }).items.length);
  return counts;
}
