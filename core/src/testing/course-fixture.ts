import type { SignedUp, TestServer } from './test-server.ts';

export const MANUAL_HANDLING_GUIDE = `# Manual handling at work

Manual handling means transporting or supporting a load by hand or by bodily force.
A musculoskeletal disorder is an injury or pain in the joints, muscles, ligaments or back.
Most injuries come from lifting, lowering, pushing, pulling and carrying.

## Assessing the load

A risk assessment is a structured look at the task, the individual, the load and the environment (TILE).
Check the weight, the grip and whether the load is unstable before you lift.
A good handhold is a firm grip that lets you hold the load without straining your fingers or wrists.

## Lifting technique

A neutral spine is the natural curve of the back, kept while lifting. Keep the load close to the waist.
Bend the knees rather than the back, and avoid twisting while carrying.

## Team lifts and aids

A team lift is a lift shared by two or more people with one person giving the commands.
Mechanical aids such as trolleys and hoists reduce the load on the body.
A hoist is a device that lifts a load or a person mechanically.
A near miss is an event that could have caused an injury but did not, and it must be reported.`;

type Call = (request: { method: 'GET' | 'POST' | 'PUT' | 'PATCH'; url: string; payload?: object }) => Promise<{ status: number; body: unknown }>;

/** Through the public API only: an SME with a document, an audience and a course selecting both. */
export async function createGroundedCourse(call: Call, title = 'Safe manual handling'): Promise<string> {
  const sme = (await call({ method: 'POST', url: '/v1/smes', payload: { name: 'Dr. Amara Lee', expertise: 'Occupational health' } })).body as {
    id: string;
  };
  const document = await call({
    method: 'POST',
    url: `/v1/smes/${sme.id}/documents`,
    payload: { title: 'Manual handling guide', mediaType: 'text/markdown', content: MANUAL_HANDLING_GUIDE },
  });
  // The text is indexed by a job; the course is only grounded once it finished.
  const indexed = await waitForJob(call, (document.body as { jobId: string }).jobId);
  if (indexed.status !== 'completed') throw new Error(`indexing the SME document ended ${indexed.status}: ${indexed.error}`);
  const audience = (
    await call({
      method: 'POST',
      url: '/v1/audiences',
      payload: { name: 'New pickers', role: 'Warehouse picker', level: 'beginner', priorKnowledge: 'None', goals: 'Lift safely from day one' },
    })
  ).body as { id: string };
  const course = (
    await call({
      method: 'POST',
      url: '/v1/courses',
      payload: { title, desiredOutcome: 'Staff lift, carry and move loads without injury', smeIds: [sme.id], audienceIds: [audience.id] },
    })
  ).body as { id: string };
  return course.id;
}

/** Polls a job until it is final (a condition, bounded by `timeoutMs`); the API can be any replica. */
export async function waitForJob(call: Call, jobId: string, timeoutMs = 90_000): Promise<{ status: string; error: string | null }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const job = (await call({ method: 'GET', url: `/v1/jobs/${jobId}` })).body as { status: string; error: string | null };
    if (['completed', 'failed', 'cancelled'].includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${jobId} did not finish in ${timeoutMs} ms`);
}

/** `createGroundedCourse` over `inject`. */
export function injectCaller(t: TestServer, user: SignedUp): Call {
  return async (request) => {
    const response = await t.inject({ ...request, headers: user.auth });
    return { status: response.statusCode, body: response.json() };
  };
}

/** `createGroundedCourse` over real HTTP, for tests that run the server as a process. */
export function httpCaller(baseUrl: string, token: string): Call {
  return async (request) => {
    const response = await fetch(`${baseUrl}${request.url}`, {
      method: request.method,
      headers: { authorization: `Bearer ${token}`, ...(request.payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(request.payload === undefined ? {} : { body: JSON.stringify(request.payload) }),
    });
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  };
}
