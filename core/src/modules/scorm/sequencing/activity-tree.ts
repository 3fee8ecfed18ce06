/**
 * The IMS Simple Sequencing definition model (SCORM 2004 SN book, section 3) for the parts Mirai
 * supports: an activity tree read from the manifest's organisation, serialisable as JSON.
 */

export type RuleConditionKind =
  | 'satisfied'
  | 'objectiveStatusKnown'
  | 'objectiveMeasureKnown'
  | 'objectiveMeasureGreaterThan'
  | 'objectiveMeasureLessThan'
  | 'completed'
  | 'activityProgressKnown'
  | 'attempted'
  | 'attemptLimitExceeded'
  | 'always';

export interface RuleCondition {
  condition: RuleConditionKind;
  operator: 'not' | 'noOp';
  /** An objective id of the activity; null means its primary objective. */
  referencedObjective: string | null;
  measureThreshold: number;
}

export type PreConditionAction = 'skip' | 'disabled' | 'hiddenFromChoice' | 'stopForwardTraversal';
export type PostConditionAction = 'exitParent' | 'exitAll' | 'retry' | 'retryAll' | 'continue' | 'previous';
export type ExitConditionAction = 'exit';

export interface SequencingRule<Action extends string> {
  conditionCombination: 'all' | 'any';
  conditions: RuleCondition[];
  action: Action;
}

export type RollupConditionKind = Exclude<RuleConditionKind, 'objectiveMeasureGreaterThan' | 'objectiveMeasureLessThan' | 'always'>;

export interface RollupRule {
  childActivitySet: 'all' | 'any' | 'none' | 'atLeastCount' | 'atLeastPercent';
  minimumCount: number;
  /** 0..1, as the manifest writes it. */
  minimumPercent: number;
  conditionCombination: 'all' | 'any';
  conditions: Array<{ condition: RollupConditionKind; operator: 'not' | 'noOp' }>;
  action: 'satisfied' | 'notSatisfied' | 'completed' | 'incomplete';
}

export interface ObjectiveMap {
  targetObjectiveID: string;
  readSatisfiedStatus: boolean;
  readNormalizedMeasure: boolean;
  writeSatisfiedStatus: boolean;
  writeNormalizedMeasure: boolean;
}

export interface ActivityObjective {
  /** The primary objective may have no id in the manifest; it is then ''. */
  id: string;
  primary: boolean;
  satisfiedByMeasure: boolean;
  minNormalizedMeasure: number;
  maps: ObjectiveMap[];
}

export interface ControlMode {
  choice: boolean;
  choiceExit: boolean;
  flow: boolean;
  forwardOnly: boolean;
}

export interface Activity {
  /** The manifest item's identifier. */
  id: string;
  title: string;
  /** Leaves launch a resource; clusters (items with items) do not. */
  isLeaf: boolean;
  controlMode: ControlMode;
  preConditionRules: SequencingRule<PreConditionAction>[];
  postConditionRules: SequencingRule<PostConditionAction>[];
  exitConditionRules: SequencingRule<ExitConditionAction>[];
  attemptLimit: number | null;
  rollupRules: RollupRule[];
  rollupObjectiveSatisfied: boolean;
  rollupProgressCompletion: boolean;
  objectiveMeasureWeight: number;
  objectives: ActivityObjective[];
  children: Activity[];
}

export const DEFAULT_CONTROL_MODE: ControlMode = { choice: true, choiceExit: true, flow: false, forwardOnly: false };

/** Every activity of the tree, in preorder (the SN book's "activity tree order"). */
export function preorder(root: Activity): Activity[] {
  return [root, ...root.children.flatMap(preorder)];
}

/** The leaves, in flow order. */
export const leaves = (root: Activity): Activity[] => preorder(root).filter((activity) => activity.isLeaf);

export interface TreeIndex {
  root: Activity;
  byId: Map<string, Activity>;
  parentOf: Map<string, Activity>;
}

export function indexTree(root: Activity): TreeIndex {
  const byId = new Map<string, Activity>();
  const parentOf = new Map<string, Activity>();
  for (const activity of preorder(root)) {
    byId.set(activity.id, activity);
    for (const child of activity.children) parentOf.set(child.id, activity);
  }
  return { root, byId, parentOf };
}

/** The activity and its ancestors, from the activity up to the root. */
export function pathToRoot(tree: TreeIndex, activity: Activity): Activity[] {
  const path = [activity];
  for (let parent = tree.parentOf.get(activity.id); parent !== undefined; parent = tree.parentOf.get(parent.id)) path.push(parent);
  return path;
}

export const primaryObjective = (activity: Activity): ActivityObjective | undefined => activity.objectives.find((objective) => objective.primary);
