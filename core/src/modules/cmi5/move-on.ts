import type { CourseStructure, MoveOn } from './course-structure.ts';

export interface AuAchievement {
  completed: boolean;
  passed: boolean;
}

/** Whether an AU's moveOn criterion is met (cmi5 spec §13.1.4 moveOn). */
export function auSatisfied(moveOn: MoveOn, achieved: AuAchievement): boolean {
  switch (moveOn) {
    case 'Passed':
      return achieved.passed;
    case 'Completed':
      return achieved.completed;
    case 'CompletedAndPassed':
      return achieved.completed && achieved.passed;
    case 'CompletedOrPassed':
      return achieved.completed || achieved.passed;
    case 'NotApplicable':
      return true;
  }
}

/**
 * The blocks and the course that are satisfied when the AUs in `satisfiedAus` (IRIs) are: a block
 * when every AU inside it (at any depth) is, the course when every AU is. Block IRIs first
 * (innermost first), the course IRI last.
 */
export function satisfiedActivities(structure: CourseStructure, satisfiedAus: ReadonlySet<string>): string[] {
  const blocks = [...structure.blocks]
    .sort((a, b) => b.parents.length - a.parents.length)
    .filter((block) => {
      const inside = structure.aus.filter((au) => au.blocks.includes(block.iri));
      return inside.length > 0 && inside.every((au) => satisfiedAus.has(au.iri));
    })
    .map((block) => block.iri);
  const course = structure.aus.every((au) => satisfiedAus.has(au.iri)) ? [structure.courseIri] : [];
  return [...blocks, ...course];
}
