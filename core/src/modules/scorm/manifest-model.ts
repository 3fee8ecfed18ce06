import { DOMParser, type Element } from '@xmldom/xmldom';
import type { ScormVersion } from './manifest-schema.ts';
import { packageRefusal } from './package-refusal.ts';
import type { Activity } from './sequencing/activity-tree.ts';
import { readSequencing } from './sequencing/manifest-sequencing.ts';

const CP_NAMESPACES: Record<string, ScormVersion> = {
  'http://www.imsproject.org/xsd/imscp_rootv1p1p2': '1.2',
  'http://www.imsglobal.org/xsd/imscp_v1p1': '2004',
};

export interface ManifestResource {
  identifier: string;
  /** Package-relative launch path, xml:base applied; null for a resource without href. */
  href: string | null;
  isSco: boolean;
  files: string[];
  dependencies: string[];
}

/** A launchable item of the default organisation, in document order (SCORM's flow order). */
export interface ManifestSco {
  identifier: string;
  title: string;
  resource: string;
  /** Launch path with the item's `parameters` appended. */
  launch: string;
  masteryScore: number | null;
}

export interface ScormManifest {
  version: ScormVersion;
  identifier: string;
  title: string;
  scos: ManifestSco[];
  resources: ManifestResource[];
  /** SCORM 2004: the organisation's activity tree with its sequencing; null when the manifest defines none (and for 1.2). */
  sequencing: Activity | null;
}

const children = (parent: Element, name: string): Element[] =>
  Array.from(parent.childNodes).filter((node): node is Element => node.nodeType === 1 && (node as Element).localName === name);
const text = (element: Element | undefined): string => element?.textContent?.trim() ?? '';
const base = (element: Element): string => element.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'base') ?? '';

/** The namespace decides the version (the XSD check then holds the document to it). */
export function manifestVersion(xml: string): ScormVersion {
  const root = parseRoot(xml);
  const version = CP_NAMESPACES[root.namespaceURI ?? ''];
  if (version === undefined)
    throw packageRefusal(
      'MIRAI_ERR_SCORM_PACKAGE_UNSUPPORTED',
      `imsmanifest.xml is in namespace "${root.namespaceURI ?? ''}", neither SCORM 1.2 nor SCORM 2004`,
    );
  return version;
}

function parseRoot(xml: string): Element {
  const errors: string[] = [];
  const document = new DOMParser({ onError: (level, message) => level !== 'warning' && errors.push(message) }).parseFromString(xml, 'text/xml');
  const root = document.documentElement;
  if (errors.length > 0 || root === null || root.localName !== 'manifest')
    throw packageRefusal('MIRAI_ERR_SCORM_MANIFEST_INVALID', `imsmanifest.xml is not a well-formed manifest: ${errors[0] ?? 'no <manifest> root'}`, {
      errors,
    });
  return root;
}

function resourcesOf(root: Element, version: ScormVersion): ManifestResource[] {
  const container = children(root, 'resources')[0];
  if (container === undefined) return [];
  const containerBase = base(container);
  return children(container, 'resource').map((resource) => {
    const prefix = containerBase + base(resource);
    const href = resource.getAttribute('href');
    const type = version === '1.2' ? resource.getAttribute('adlcp:scormtype') : resource.getAttribute('adlcp:scormType');
    return {
      identifier: resource.getAttribute('identifier') ?? '',
      href: href === null || href === '' ? null : prefix + href,
      isSco: (type ?? '').toLowerCase() === 'sco',
      files: children(resource, 'file').map((file) => prefix + (file.getAttribute('href') ?? '')),
      dependencies: children(resource, 'dependency').map((d) => d.getAttribute('identifierref') ?? ''),
    };
  });
}

function leafItems(parent: Element): Element[] {
  return children(parent, 'item').flatMap((item) => (children(item, 'item').length > 0 ? leafItems(item) : [item]));
}

/** Reads what Mirai needs from a schema-valid manifest: its default organisation's SCOs and all resources. */
export function readManifest(xml: string): ScormManifest {
  const root = parseRoot(xml);
  const version = manifestVersion(xml);
  const resources = resourcesOf(root, version);
  const organisations = children(root, 'organizations')[0];
  const all = organisations === undefined ? [] : children(organisations, 'organization');
  const wanted = organisations?.getAttribute('default');
  const organisation = all.find((o) => o.getAttribute('identifier') === wanted) ?? all[0];
  if (organisation === undefined) throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_UNSUPPORTED', 'imsmanifest.xml has no organization to launch');
  const scos = leafItems(organisation).flatMap((item): ManifestSco[] => {
    const resource = resources.find((r) => r.identifier === item.getAttribute('identifierref'));
    if (resource === undefined || resource.href === null) return [];
    const parameters = item.getAttribute('parameters') ?? '';
    const mastery = version === '1.2' ? text(children(item, 'masteryscore')[0]) : '';
    return [
      {
        identifier: item.getAttribute('identifier') ?? '',
        title: text(children(item, 'title')[0]) || resource.identifier,
        resource: resource.identifier,
        launch:
          parameters === '' ? resource.href : `${resource.href}${parameters.startsWith('?') || parameters.startsWith('#') ? '' : '?'}${parameters}`,
        masteryScore: mastery === '' ? null : Number(mastery),
      },
    ];
  });
  if (scos.length === 0) throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_UNSUPPORTED', 'The default organization has no item that launches a resource');
  return {
    version,
    identifier: root.getAttribute('identifier') ?? '',
    title: text(children(organisation, 'title')[0]) || 'Imported SCORM package',
    scos,
    resources,
    sequencing: version === '2004' ? readSequencing(root, organisation, new Set(scos.map((sco) => sco.identifier))) : null,
  };
}
