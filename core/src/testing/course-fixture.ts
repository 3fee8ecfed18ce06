import type { SignedUp, TestServer } from './test-server-contract.ts';

/**
 * A manual-handling guide of eight sections (about 1,300 words): long enough that a
 * document-to-course converter makes two modules of several lessons from it, as the tests ask.
 */
export const MANUAL_HANDLING_GUIDE = `# Manual handling at work

Manual handling means transporting or supporting a load by hand or by bodily force.
A musculoskeletal disorder is an injury or pain in the joints, muscles, ligaments or back.
Most injuries come from lifting, lowering, pushing, pulling and carrying. They rarely come from one heavy lift: repeated small strains add up over weeks and months until the back, shoulders or wrists give way.
This guide explains how to assess a task, how to lift and carry safely, when to share a load or use an aid, and what to report. It applies to everyone who moves goods, equipment or people as part of their work, including office staff who carry boxes of paper.

## Assessing the load

A risk assessment is a structured look at the task, the individual, the load and the environment (TILE).
Check the weight, the grip and whether the load is unstable before you lift.
A good handhold is a firm grip that lets you hold the load without straining your fingers or wrists.
Look at the size and shape of the load as well as its weight. A bulky box that blocks your view is harder to carry than a heavier one you can hold close. Liquids and loose contents shift as you move, so a half-full container can pull you off balance.
Ask whether the load could be made smaller or lighter, for example by splitting a delivery into two trips or ordering smaller packs from the supplier.

## Planning the route

Plan the route before you pick anything up. Walk it first if you do not know it.
Clear anything you could trip over, open doors and wedge them, and check that the place where the load will go has space for it.
Watch for slopes, steps, wet or uneven floors and poor lighting. Each of them makes a load harder to control and a fall more likely.
On a long route, decide where you can rest the load on the way, such as a bench or a table at waist height.
If the route includes stairs, use a lift or a different route where you can; carrying a load down stairs is one of the riskiest tasks in this guide.

## Lifting technique

A neutral spine is the natural curve of the back, kept while lifting. Keep the load close to the waist.
Bend the knees rather than the back, and avoid twisting while carrying.
Stand close to the load with your feet apart and one leg slightly forward, so that you are balanced before the lift starts.
Get a firm grip with the whole hand rather than the fingertips, and keep your head up once you have a secure hold.
Lift smoothly and keep control of the load; a jerky lift puts far more strain on the back than a steady one.
Put the load down first and then slide it into position, rather than trying to place it exactly while you still hold its weight.

## Carrying and lowering

Carry the load with your elbows close to your body and the heaviest side of the load next to you.
Move your feet to change direction; never turn at the waist while you hold a load.
If you need to change your grip, rest the load on a bench or on your knee first.
Lower the load the same way you lifted it: bend your knees, keep your back in its natural curve and keep the load close.
Stop and put the load down if you feel pain, if the load starts to slip or if something blocks your way. Carrying on through pain turns a strain into an injury.
Loads carried on one side, such as a bucket, are easier to manage when they are split between both hands.

## Pushing and pulling

Pushing is usually safer than pulling, because you can use your body weight and keep your back upright.
Keep your hands at about waist height and walk behind the load rather than leaning on it.
Start slowly: most of the force is needed to get a trolley or cage moving, and much less to keep it going.
Check that wheels turn freely and are the right size for the floor; small wheels stick on rough surfaces and in gaps.
If a trolley is hard to start or to steer, report it and use another one instead of forcing it.
On a slope, get a second person to help control the load, and never stand in front of a loaded trolley going downhill.

## Team lifts and aids

A team lift is a lift shared by two or more people with one person giving the commands.
Mechanical aids such as trolleys and hoists reduce the load on the body.
A hoist is a device that lifts a load or a person mechanically.
Choose partners of similar height and strength, and agree the route and the commands before anyone takes the weight.
The person who can see best gives the commands, and everyone stops at once if anyone says stop.
Only use a hoist if you have been trained on that model, and never exceed the safe working load marked on it.

## Looking after yourself

Warm up before heavy work, especially at the start of a shift or after a long break, with a few minutes of walking and gentle stretches.
Wear shoes with a good grip and clothing that lets you move freely; loose sleeves and straps can catch on loads.
Take short breaks during repetitive handling and change tasks where you can, so that the same muscles are not working all day.
Tell your supervisor about any condition that affects your handling, such as a recent injury or pregnancy, so that your tasks can be adjusted.
Fatigue matters: a load that feels light in the morning can be risky at the end of a long shift.

## Reporting and review

A near miss is an event that could have caused an injury but did not, and it must be reported.
Report every near miss, strain and injury to your supervisor on the same day, so that the risk assessment can be updated.
Review handling tasks whenever the load, the team, the equipment or the workplace changes.
Supervisors check the handling assessments once a year and after every reported injury.
Good reporting is not about blame: each report helps to change the task so that the next person is not hurt.`;

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
