import { DOMParser, type Element } from '@xmldom/xmldom';
import { cmi5Refusal } from './cmi5-refusal.ts';

export const MOVE_ON = ['Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'] as const;
export type MoveOn = (typeof MOVE_ON)[number];

/** One AU of cmi5.xml, in document order, with the blocks around it (outermost first). */
export interface StructureAu {
  iri: string;
  title: string;
  url: string;
  moveOn: MoveOn;
  masteryScore: number | null;
  launchMethod: 'AnyWindow' | 'OwnWindow';
  launchParameters: string;
  entitlementKey: string;
  blocks: string[];
}

export interface StructureBlock {
  iri: string;
  title: string;
  /** The blocks around it, outermost first. */
  parents: string[];
}

export interface CourseStructure {
  courseIri: string;
  title: string;
  blocks: StructureBlock[];
  aus: StructureAu[];
}

const NAMESPACE = 'https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd';

const children = (parent: Element, name: string): Element[] =>
  Array.from(parent.childNodes).filter(
    (node): node is Element => node.nodeType === 1 && (node as Element).localName === name && (node as Element).namespaceURI === NAMESPACE,
  );

/** The first langstring of a title: cmi5.xml offers one per language, Mirai shows one. */
const title = (element: Element, fallback: string): string =>
  (children(children(element, 'title')[0] ?? element, 'langstring')[0]?.textContent ?? '').replace(/\s+/g, ' ').trim() || fallback;

const childText = (element: Element, name: string): string => children(element, name)[0]?.textContent?.trim() ?? '';

function readAu(au: Element, blocks: string[]): StructureAu {
  const iri = au.getAttribute('id') ?? '';
  const mastery = au.getAttribute('masteryScore');
  return {
    iri,
    title: title(au, iri),
    url: childText(au, 'url'),
    // The XSD restricts both attributes to these values; absent ones take the spec's defaults.
    moveOn: (au.getAttribute('moveOn') || 'NotApplicable') as MoveOn,
    masteryScore: mastery === null || mastery === '' ? null : Number(mastery),
    launchMethod: au.getAttribute('launchMethod') === 'OwnWindow' ? 'OwnWindow' : 'AnyWindow',
    launchParameters: childText(au, 'launchParameters'),
    entitlementKey: childText(au, 'entitlementKey'),
    blocks,
  };
}

function walk(parent: Element, parents: string[], found: { blocks: StructureBlock[]; aus: StructureAu[] }): void {
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    if (element.namespaceURI !== NAMESPACE) continue;
    if (element.localName === 'au') found.aus.push(readAu(element, parents));
    if (element.localName === 'block') {
      const iri = element.getAttribute('id') ?? '';
      found.blocks.push({ iri, title: title(element, iri), parents });
      walk(element, [...parents, iri], found);
    }
  }
}

/** Reads a schema-valid cmi5.xml: the course, its blocks and its AUs in document (launch) order. */
export function readCourseStructure(xml: string): CourseStructure {
  const errors: string[] = [];
  const document = new DOMParser({ onError: (level, message) => level !== 'warning' && errors.push(message) }).parseFromString(xml, 'text/xml');
  const root = document.documentElement;
  if (errors.length > 0 || root === null || root.localName !== 'courseStructure' || root.namespaceURI !== NAMESPACE)
    throw cmi5Refusal('MIRAI_ERR_CMI5_STRUCTURE_INVALID', `cmi5.xml is not a cmi5 course structure: ${errors[0] ?? 'no <courseStructure> root'}`);
  const course = children(root, 'course')[0];
  const courseIri = course?.getAttribute('id') ?? '';
  const found = { blocks: [] as StructureBlock[], aus: [] as StructureAu[] };
  walk(root, [], found);
  return { courseIri, title: course === undefined ? courseIri : title(course, courseIri), ...found };
}
