import { describe, expect, it } from 'vitest';
import { miraiRoleOf } from './lti-claims.ts';
import { scoresUrl } from './lti-score-passback.ts';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2';

describe('LTI roles to Mirai roles', () => {
  it('makes instructors, content developers and admins authors', () => {
    expect(miraiRoleOf([`${LIS}/membership#Instructor`])).toBe('author');
    expect(miraiRoleOf([`${LIS}/membership#ContentDeveloper`])).toBe('author');
    expect(miraiRoleOf([`${LIS}/membership/Instructor#TeachingAssistant`])).toBe('author');
    expect(miraiRoleOf([`${LIS}/institution/person#Student`, `${LIS}/membership#Administrator`])).toBe('author');
  });

  it('makes everyone else a learner, a missing or malformed claim included', () => {
    expect(miraiRoleOf([`${LIS}/membership#Learner`, `${LIS}/membership#Mentor`])).toBe('learner');
    expect(miraiRoleOf([`${LIS}/institution/person#Instructor-lookalike`])).toBe('learner');
    expect(miraiRoleOf(undefined)).toBe('learner');
    expect(miraiRoleOf('Instructor')).toBe('learner');
  });
});

describe('AGS scores URL', () => {
  it('appends /scores to the line item path and keeps its query', () => {
    expect(scoresUrl('https://lms.example/api/lineitems/7?type=course')).toBe('https://lms.example/api/lineitems/7/scores?type=course');
    expect(scoresUrl('https://lms.example/api/lineitems/7/')).toBe('https://lms.example/api/lineitems/7/scores');
  });
});
