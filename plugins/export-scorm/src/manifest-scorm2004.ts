import { escapeHtml as escapeXml } from '@mirai/export-kit';
import { indent, type ManifestItem, type ManifestModel, type ManifestResource } from './manifest-model.ts';

/** Learners may move freely between lessons (choice) or use Continue/Previous (flow). */
const clusterSequencing = (depth: number) =>
  `${indent(depth)}<imsss:sequencing>\n${indent(depth + 1)}<imsss:controlMode choice="true" flow="true"/>\n${indent(depth)}</imsss:sequencing>`;

/** The SCO reports completion and success itself; a scored SCO's objective is satisfied by its scaled score. */
function leafSequencing(entry: ManifestItem, masteryScore: number, depth: number): string {
  const lines = [`${indent(depth)}<imsss:sequencing>`];
  if (entry.scored) {
    lines.push(
      `${indent(depth + 1)}<imsss:objectives>`,
      `${indent(depth + 2)}<imsss:primaryObjective objectiveID="mastery" satisfiedByMeasure="true">`,
      `${indent(depth + 3)}<imsss:minNormalizedMeasure>${(masteryScore / 100).toFixed(4)}</imsss:minNormalizedMeasure>`,
      `${indent(depth + 2)}</imsss:primaryObjective>`,
      `${indent(depth + 1)}</imsss:objectives>`,
    );
  }
  lines.push(
    `${indent(depth + 1)}<imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>`,
    `${indent(depth)}</imsss:sequencing>`,
  );
  return lines.join('\n');
}

function item(entry: ManifestItem, masteryScore: number, depth: number): string {
  const ref = entry.resource === undefined ? '' : ` identifierref="${entry.resource}"`;
  const lines = [`${indent(depth)}<item identifier="${entry.identifier}"${ref}>`, `${indent(depth + 1)}<title>${escapeXml(entry.title)}</title>`];
  for (const child of entry.children) lines.push(item(child, masteryScore, depth + 1));
  lines.push(entry.resource === undefined ? clusterSequencing(depth + 1) : leafSequencing(entry, masteryScore, depth + 1));
  lines.push(`${indent(depth)}</item>`);
  return lines.join('\n');
}

function resource(entry: ManifestResource, scormType: 'sco' | 'asset', dependency: string | undefined): string {
  const href = scormType === 'sco' ? ` href="${escapeXml(entry.href)}"` : '';
  return [
    `    <resource identifier="${entry.identifier}" type="webcontent" adlcp:scormType="${scormType}"${href}>`,
    ...entry.files.map((file) => `      <file href="${escapeXml(file)}"/>`),
    ...(dependency === undefined ? [] : [`      <dependency identifierref="${dependency}"/>`]),
    '    </resource>',
  ].join('\n');
}

/** imsmanifest.xml for SCORM 2004 4th Edition (IMS CP 1.1.4 + ADL CP 1.3 + IMS Simple Sequencing 1.0). */
export function scorm2004Manifest(model: ManifestModel): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${model.identifier}" version="1.0"
    xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
    xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>${escapeXml(model.title)}</title>
${model.items.map((entry) => item(entry, model.masteryScore, 3)).join('\n')}
${clusterSequencing(3)}
    </organization>
  </organizations>
  <resources>
${model.scos.map((sco) => resource(sco, 'sco', model.shared.identifier)).join('\n')}
${resource(model.shared, 'asset', undefined)}
  </resources>
</manifest>
`;
}
