import type { Element } from '@xmldom/xmldom';
import {
  type Activity,
  type ActivityObjective,
  type ControlMode,
  DEFAULT_CONTROL_MODE,
  type RollupRule,
  type RuleCondition,
  type SequencingRule,
} from './activity-tree.ts';

const IMSSS = 'http://www.imsglobal.org/xsd/imsss';

const elements = (parent: Element | undefined, name: string, namespace: string | null = null): Element[] =>
  parent === undefined
    ? []
    : Array.from(parent.childNodes).filter(
        (node): node is Element =>
          node.nodeType === 1 && (node as Element).localName === name && (namespace === null || (node as Element).namespaceURI === namespace),
      );
const first = (parent: Element | undefined, name: string) => elements(parent, name)[0];
const bool = (element: Element | undefined, name: string, fallback: boolean) => {
  const value = element?.getAttribute(name);
  return value === 'true' ? true : value === 'false' ? false : fallback;
};
const num = (element: Element | undefined, name: string, fallback: number) => {
  const value = Number(element?.getAttribute(name) ?? '');
  return element?.hasAttribute(name) === true && Number.isFinite(value) ? value : fallback;
};
const attr = <T extends string>(element: Element | undefined, name: string, fallback: T) => (element?.getAttribute(name) || fallback) as T;

/**
 * An item's sequencing definition: its own <imsss:sequencing>, whose child elements replace those
 * of the <imsss:sequencingCollection> entry it names with IDRef (CAM book 5.1.2).
 */
function definition(item: Element, collection: Map<string, Element>): (name: string) => Element | undefined {
  const own = elements(item, 'sequencing', IMSSS)[0];
  const shared = collection.get(own?.getAttribute('IDRef') ?? '');
  return (name) => first(own, name) ?? first(shared, name);
}

function conditions(rule: Element, container: string, name: string): { combination: 'all' | 'any'; list: Element[] } {
  const wrapper = first(rule, container);
  return { combination: attr(wrapper, 'conditionCombination', container === 'rollupConditions' ? 'any' : 'all'), list: elements(wrapper, name) };
}

function sequencingRules<Action extends string>(rules: Element | undefined, kind: string): SequencingRule<Action>[] {
  return elements(rules, kind).map((rule) => {
    const { combination, list } = conditions(rule, 'ruleConditions', 'ruleCondition');
    return {
      conditionCombination: combination,
      conditions: list.map(
        (condition): RuleCondition => ({
          condition: attr(condition, 'condition', 'always'),
          operator: attr(condition, 'operator', 'noOp'),
          referencedObjective: condition.getAttribute('referencedObjective') || null,
          measureThreshold: num(condition, 'measureThreshold', 0),
        }),
      ),
      action: attr(first(rule, 'ruleAction'), 'action', '' as Action),
    };
  });
}

function rollupRules(rollup: Element | undefined): RollupRule[] {
  return elements(rollup, 'rollupRule').map((rule) => {
    const { combination, list } = conditions(rule, 'rollupConditions', 'rollupCondition');
    return {
      childActivitySet: attr(rule, 'childActivitySet', 'all'),
      minimumCount: num(rule, 'minimumCount', 0),
      minimumPercent: num(rule, 'minimumPercent', 0),
      conditionCombination: combination,
      conditions: list.map((condition) => ({ condition: attr(condition, 'condition', 'satisfied'), operator: attr(condition, 'operator', 'noOp') })),
      action: attr(first(rule, 'rollupAction'), 'action', 'satisfied'),
    };
  });
}

function objectives(container: Element | undefined): ActivityObjective[] {
  const read = (objective: Element, primary: boolean): ActivityObjective => ({
    id: objective.getAttribute('objectiveID') ?? '',
    primary,
    satisfiedByMeasure: bool(objective, 'satisfiedByMeasure', false),
    minNormalizedMeasure: Number(first(objective, 'minNormalizedMeasure')?.textContent?.trim() || '1'),
    maps: elements(objective, 'mapInfo').map((map) => ({
      targetObjectiveID: map.getAttribute('targetObjectiveID') ?? '',
      readSatisfiedStatus: bool(map, 'readSatisfiedStatus', true),
      readNormalizedMeasure: bool(map, 'readNormalizedMeasure', true),
      writeSatisfiedStatus: bool(map, 'writeSatisfiedStatus', false),
      writeNormalizedMeasure: bool(map, 'writeNormalizedMeasure', false),
    })),
  });
  const primary = first(container, 'primaryObjective');
  return [
    primary === undefined ? { id: '', primary: true, satisfiedByMeasure: false, minNormalizedMeasure: 1, maps: [] } : read(primary, true),
    ...elements(container, 'objective').map((objective) => read(objective, false)),
  ];
}

function activity(element: Element, collection: Map<string, Element>, launchable: ReadonlySet<string>, title: string): Activity | null {
  const get = definition(element, collection);
  const children = elements(element, 'item').flatMap((item) => {
    const child = activity(item, collection, launchable, first(item, 'title')?.textContent?.trim() ?? '');
    return child === null ? [] : [child];
  });
  const id = element.getAttribute('identifier') ?? '';
  const isLeaf = elements(element, 'item').length === 0;
  if (isLeaf ? !launchable.has(id) : children.length === 0) return null;
  const control = get('controlMode');
  const controlMode: ControlMode = {
    choice: bool(control, 'choice', DEFAULT_CONTROL_MODE.choice),
    choiceExit: bool(control, 'choiceExit', DEFAULT_CONTROL_MODE.choiceExit),
    flow: bool(control, 'flow', DEFAULT_CONTROL_MODE.flow),
    forwardOnly: bool(control, 'forwardOnly', DEFAULT_CONTROL_MODE.forwardOnly),
  };
  const rules = get('sequencingRules');
  const rollup = get('rollupRules');
  const attemptLimit = num(get('limitConditions'), 'attemptLimit', 0);
  return {
    id,
    title: title || id,
    isLeaf,
    controlMode,
    preConditionRules: sequencingRules(rules, 'preConditionRule'),
    postConditionRules: sequencingRules(rules, 'postConditionRule'),
    exitConditionRules: sequencingRules(rules, 'exitConditionRule'),
    attemptLimit: attemptLimit > 0 ? attemptLimit : null,
    rollupRules: rollupRules(rollup),
    rollupObjectiveSatisfied: bool(rollup, 'rollupObjectiveSatisfied', true),
    rollupProgressCompletion: bool(rollup, 'rollupProgressCompletion', true),
    objectiveMeasureWeight: num(rollup, 'objectiveMeasureWeight', 1),
    objectives: objectives(get('objectives')),
    children,
  };
}

/**
 * The organisation as an activity tree with its IMS Simple Sequencing definitions, keeping
 * clusters. `launchable` holds the ids of the items Mirai can launch; other leaves, and clusters
 * left empty, are dropped. Null when the manifest defines no sequencing at all: such a package
 * keeps plain lesson-order navigation.
 */
export function readSequencing(manifest: Element, organisation: Element, launchable: ReadonlySet<string>): Activity | null {
  if (manifest.getElementsByTagNameNS(IMSSS, 'sequencing').length === 0) return null;
  const collection = new Map(
    elements(elements(manifest, 'sequencingCollection', IMSSS)[0], 'sequencing', IMSSS).map((sequencing) => [
      sequencing.getAttribute('ID') ?? '',
      sequencing,
    ]),
  );
  return activity(organisation, collection, launchable, first(organisation, 'title')?.textContent?.trim() ?? '');
}
