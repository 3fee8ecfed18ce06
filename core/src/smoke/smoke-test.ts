/**
 * `mirai smoke`: after a deploy, proves the running API end to end as a user would: sign in a
 * probe account, then ground a small course, outline it (one module, one lesson) and write that
 * lesson with the offline provider, through the public API only. Every step is a real request;
 * the first failure ends it with a message naming the step.
 */
export interface SmokeOptions {
  url: string;
  email: string;
  password: string;
  /** Kratos' public URL: sign in through its API flow instead of Mirai's own /v1/auth/login. */
  kratosUrl?: string;
  timeoutMs: number;
  log: (line: string) => void;
}

type Json = Record<string, unknown>;

const GUIDE = `# Lifting safely

Bend the knees, keep the back straight and hold the load close to the body. Test the weight first;
ask for help or use a trolley when a load is heavy or awkward. Never twist while carrying.`;

class SmokeStep extends Error {}

async function request(url: string, init: { method: string; token?: string; body?: unknown }, expected: number[]): Promise<Json> {
  const response = await fetch(url, {
    method: init.method,
    headers: {
      accept: 'application/json',
      ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!expected.includes(response.status))
    throw new SmokeStep(`${init.method} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 300)}`);
  return text === '' ? {} : (JSON.parse(text) as Json);
}

async function signIn(options: SmokeOptions): Promise<string> {
  if (options.kratosUrl === undefined) {
    const body = await request(`${options.url}/v1/auth/login`, { method: 'POST', body: { email: options.email, password: options.password } }, [200]);
    if (typeof body.token !== 'string') throw new SmokeStep('sign-in answered without a token');
    return body.token;
  }
  const flow = await request(`${options.kratosUrl}/self-service/login/api`, { method: 'GET' }, [200]);
  const session = await request(
    `${options.kratosUrl}/self-service/login?flow=${encodeURIComponent(String(flow.id))}`,
    { method: 'POST', body: { method: 'password', identifier: options.email, password: options.password } },
    [200],
  );
  if (typeof session.session_token !== 'string') throw new SmokeStep('Kratos answered without a session token');
  return session.session_token;
}

export async function runSmokeTest(options: SmokeOptions): Promise<void> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const at = Date.now();
    try {
      const result = await work();
      options.log(`ok   ${name} (${Date.now() - at} ms)`);
      return result;
    } catch (error) {
      throw new Error(`smoke test failed at "${name}": ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const api = (method: string, path: string, body?: unknown, expected = [200, 201, 202]) =>
    request(`${options.url}${path}`, { method, token, body }, expected);
  const finished = async (jobId: unknown) => {
    while (Date.now() < deadline) {
      const job = await api('GET', `/v1/jobs/${String(jobId)}`);
      if (job.status === 'completed') return;
      if (job.status === 'failed' || job.status === 'cancelled')
        throw new SmokeStep(`job ${String(jobId)} ended ${String(job.status)}: ${String(job.error)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new SmokeStep(`job ${String(jobId)} did not finish within the smoke test's ${options.timeoutMs} ms`);
  };

  await step('API ready', () => request(`${options.url}/readyz`, { method: 'GET' }, [200]));
  const token = await step(`sign in ${options.email}`, () => signIn(options));
  await step('offline AI provider enabled', () => api('PUT', '/v1/plugins/ai-offline', { enabled: true }));
  const courseId = await step('grounded course created', async () => {
    const sme = await api('POST', '/v1/smes', { name: 'Smoke probe', expertise: 'Manual handling' });
    const document = await api('POST', `/v1/smes/${String(sme.id)}/documents`, {
      title: 'Lifting guide',
      mediaType: 'text/markdown',
      content: GUIDE,
    });
    await finished(document.jobId);
    const audience = await api('POST', '/v1/audiences', {
      name: 'Smoke probe',
      role: 'Picker',
      level: 'beginner',
      priorKnowledge: 'None',
      goals: 'Lift safely',
    });
    const course = await api('POST', '/v1/courses', {
      title: `Smoke test ${new Date().toISOString()}`,
      desiredOutcome: 'Staff lift loads without injury',
      smeIds: [sme.id],
      audienceIds: [audience.id],
    });
    return String(course.id);
  });
  await step('outline generated (1 module, 1 lesson)', async () => {
    await finished((await api('POST', `/v1/courses/${courseId}/generate-outline`, { moduleCount: 1, lessonsPerModule: 1 })).jobId);
  });
  await step('lesson generated', async () => {
    await finished((await api('POST', `/v1/courses/${courseId}/generate-lessons`, {})).jobId);
    const outline = await api('GET', `/v1/courses/${courseId}/outline`);
    const lessons = ((outline.modules ?? []) as Array<{ lessons: Array<{ id: string }> }>).flatMap((m) => m.lessons);
    if (lessons.length !== 1) throw new SmokeStep(`the outline has ${lessons.length} lessons, not 1`);
    const versions = await api('GET', `/v1/lessons/${lessons[0]?.id}/versions`);
    if (!Array.isArray(versions.items) || versions.items.length === 0) throw new SmokeStep('the lesson has no written version');
  });
  options.log(`smoke test passed in ${Date.now() - started} ms (course ${courseId})`);
}
