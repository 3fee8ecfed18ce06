import { describe, expect, it } from 'vitest';
import { agentKey } from '../xapi/xapi-values.ts';
import { judgeAuStatement, type SessionView } from './cmi5-statement-rules.ts';

const actor = { objectType: 'Agent', account: { homePage: 'https://lms.example', name: 'u1' } };
const session: SessionView = {
  sessionId: 's1',
  registration: 'r1',
  actorKey: agentKey(actor) ?? '',
  activityId: 'urn:au',
  launchMode: 'Normal',
  masteryScore: 0.5,
  state: 'launched',
  verbs: [],
  completed: false,
  passed: false,
};
const statement = (verb: string, extra: Record<string, unknown> = {}) => ({
  actor,
  verb: { id: `http://adlnet.gov/expapi/verbs/${verb}` },
  object: { id: 'urn:au' },
  context: {
    registration: 'r1',
    contextActivities: { category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }] },
    extensions: { 'https://w3id.org/xapi/cmi5/context/extensions/sessionid': 's1' },
  },
  ...extra,
});

function run(verbs: Array<Record<string, unknown>>, from: SessionView = session) {
  let view = from;
  return verbs.map((body) => {
    const judged = judgeAuStatement(body, view);
    view = judged.next;
    return judged.problem;
  });
}

describe('cmi5 statement rules', () => {
  const base = session;

  it('accepts initialized, passed at the mastery score, completed, terminated in that order', () => {
    expect(
      run(
        [statement('initialized'), statement('passed', { result: { score: { scaled: 0.5 } } }), statement('completed'), statement('terminated')],
        base,
      ),
    ).toEqual([null, null, null, null]);
  });

  it('refuses anything before initialized and after terminated', () => {
    expect(run([statement('completed')], base)[0]).toContain('initialized');
    expect(run([statement('initialized'), statement('terminated'), statement('experienced')], base)[2]).toContain('terminated');
  });

  it('refuses a defined statement without the session id, another registration, and LMS verbs', () => {
    const noSession = { ...statement('initialized'), context: { ...statement('initialized').context, extensions: {} } };
    expect(run([noSession], base)[0]).toContain('sessionid');
    const foreign = { ...statement('initialized'), context: { ...statement('initialized').context, registration: 'r2' } };
    expect(run([foreign], base)[0]).toContain('registration');
    expect(run([{ ...statement('initialized'), verb: { id: 'https://w3id.org/xapi/adl/verbs/satisfied' } }], base)[0]).toContain('LMS');
  });

  it('refuses passed below the mastery score, a second completed and a verdict after passing', () => {
    expect(run([statement('initialized'), statement('passed', { result: { score: { scaled: 0.4 } } })], base)[1]).toContain('mastery');
    expect(run([statement('initialized'), statement('completed')], { ...base, completed: true })[1]).toContain('already');
    expect(run([statement('initialized'), statement('failed')], { ...base, passed: true })[1]).toContain('passed');
  });
});
