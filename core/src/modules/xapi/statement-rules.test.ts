import { describe, expect, it } from 'vitest';
import { statementProblems } from './statement-rules.ts';

const valid = {
  actor: { objectType: 'Agent', name: 'Ana', mbox: 'mailto:ana@example.org' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed' } },
  object: { id: 'https://example.org/course/au-1', definition: { name: { en: 'AU 1' }, type: 'https://w3id.org/xapi/cmi5/activitytype/block' } },
  result: { score: { scaled: 0.8, raw: 8, min: 0, max: 10 }, success: true, duration: 'PT1M30.5S' },
  context: {
    registration: '0a1b2c3d-0000-4000-8000-000000000001',
    contextActivities: { category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }] },
  },
  timestamp: '2026-12-07T05:00:00.000Z',
};

const fields = (statement: unknown) => statementProblems(statement, '/body').map((error) => error.field);

describe('xAPI 1.0.3 statement rules', () => {
  it('accepts a full cmi5-style statement', () => {
    expect(statementProblems(valid, '/body')).toEqual([]);
  });

  it('requires actor, verb and object', () => {
    expect(fields({})).toEqual(expect.arrayContaining(['/body/actor', '/body/verb', '/body/object']));
  });

  it('needs exactly one agent identifier, in its own format', () => {
    expect(fields({ ...valid, actor: { name: 'nobody' } })).toContain('/body/actor');
    expect(fields({ ...valid, actor: { mbox: 'ana@example.org' } })).toContain('/body/actor/mbox');
    expect(fields({ ...valid, actor: { mbox: 'mailto:a@b.org', openid: 'https://id.example.org/a' } })).toContain('/body/actor');
    expect(fields({ ...valid, actor: { account: { homePage: 'not an iri', name: 'a' } } })).toContain('/body/actor/account/homePage');
    expect(fields({ ...valid, actor: { mbox_sha1sum: 'xyz' } })).toContain('/body/actor/mbox_sha1sum');
  });

  it('checks groups: anonymous ones need members, members are agents', () => {
    expect(fields({ ...valid, actor: { objectType: 'Group', member: [] } })).toContain('/body/actor/member');
    expect(fields({ ...valid, actor: { objectType: 'Group', member: [{ objectType: 'Group', mbox: 'mailto:g@example.org' }] } })).toContain(
      '/body/actor/member/0',
    );
    expect(statementProblems({ ...valid, actor: { objectType: 'Group', member: [{ mbox: 'mailto:a@example.org' }] } }, '/body')).toEqual([]);
  });

  it('requires IRIs for verb and activity ids', () => {
    expect(fields({ ...valid, verb: { id: 'passed' } })).toContain('/body/verb/id');
    expect(fields({ ...valid, object: { id: 'au 1' } })).toContain('/body/object/id');
  });

  it('keeps scores in range', () => {
    expect(fields({ ...valid, result: { score: { scaled: 1.5 } } })).toContain('/body/result/score/scaled');
    expect(fields({ ...valid, result: { score: { raw: 11, min: 0, max: 10 } } })).toContain('/body/result/score/raw');
    expect(fields({ ...valid, result: { score: { min: 5, max: 5 } } })).toContain('/body/result/score/min');
    expect(fields({ ...valid, result: { duration: '90 seconds' } })).toContain('/body/result/duration');
  });

  it('refuses properties xAPI does not define, bad ids, timestamps and versions', () => {
    expect(fields({ ...valid, mood: 'happy' })).toContain('/body/mood');
    expect(fields({ ...valid, id: 'not-a-uuid' })).toContain('/body/id');
    expect(fields({ ...valid, timestamp: 'yesterday' })).toContain('/body/timestamp');
    expect(fields({ ...valid, version: '2.0.0' })).toContain('/body/version');
    expect(fields({ ...valid, context: { registration: 'abc' } })).toContain('/body/context/registration');
  });

  it('only allows context revision and platform for activity objects', () => {
    const aboutAgent = { ...valid, object: { objectType: 'Agent', mbox: 'mailto:b@example.org' }, context: { platform: 'Mirai' } };
    expect(fields(aboutAgent)).toContain('/body/context/platform');
  });

  it('requires a voiding statement to reference a statement', () => {
    const voiding = { ...valid, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' } };
    expect(fields(voiding)).toContain('/body/object');
    expect(
      statementProblems(
        { actor: valid.actor, verb: voiding.verb, object: { objectType: 'StatementRef', id: '0a1b2c3d-0000-4000-8000-000000000002' } },
        '/body',
      ),
    ).toEqual([]);
  });

  it('does not nest sub-statements', () => {
    const sub = { objectType: 'SubStatement', actor: valid.actor, verb: valid.verb, object: valid.object };
    expect(statementProblems({ ...valid, object: sub }, '/body')).toEqual([]);
    expect(fields({ ...valid, object: { ...sub, object: sub } })).toContain('/body/object/object');
  });
});
