import { describe, expect, it } from 'vitest';
import type { CourseStructure } from './course-structure.ts';
import { auSatisfied, satisfiedActivities } from './move-on.ts';

const au = (iri: string, blocks: string[]) => ({
  iri,
  title: iri,
  url: 'a.html',
  moveOn: 'Completed' as const,
  masteryScore: null,
  launchMethod: 'AnyWindow' as const,
  launchParameters: '',
  entitlementKey: '',
  blocks,
});

const structure: CourseStructure = {
  courseIri: 'urn:c',
  title: 'C',
  blocks: [
    { iri: 'urn:b1', title: 'B1', parents: [] },
    { iri: 'urn:b2', title: 'B2', parents: ['urn:b1'] },
  ],
  aus: [au('urn:a1', ['urn:b1']), au('urn:a2', ['urn:b1', 'urn:b2']), au('urn:a3', [])],
};

describe('moveOn', () => {
  it('reads each criterion', () => {
    const only = (completed: boolean, passed: boolean) =>
      (['Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'] as const).filter((m) =>
        auSatisfied(m, { completed, passed }),
      );
    expect(only(false, false)).toEqual(['NotApplicable']);
    expect(only(true, false)).toEqual(['Completed', 'CompletedOrPassed', 'NotApplicable']);
    expect(only(false, true)).toEqual(['Passed', 'CompletedOrPassed', 'NotApplicable']);
    expect(only(true, true)).toHaveLength(5);
  });

  it('satisfies a block when every AU inside it (nested too) is, innermost first, and the course when all are', () => {
    expect(satisfiedActivities(structure, new Set(['urn:a2']))).toEqual(['urn:b2']);
    expect(satisfiedActivities(structure, new Set(['urn:a1', 'urn:a2']))).toEqual(['urn:b2', 'urn:b1']);
    expect(satisfiedActivities(structure, new Set(['urn:a1', 'urn:a2', 'urn:a3']))).toEqual(['urn:b2', 'urn:b1', 'urn:c']);
  });
});
