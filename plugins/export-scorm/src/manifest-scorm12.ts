import { escapeHtml as escapeXml } from '@mirai/export-kit';
import { indent, type ManifestItem, type ManifestModel, type ManifestResource } from './manifest-model.ts';

function item(entry: ManifestItem, masteryScore: number, depth: number): string {
  const ref = entry.resource === undefined ? '' : ` identifierref="${entry.resource}"`;
  const lines = [`${indent(depth)}<item identifier="${entry.identifier}"${ref}>`, `${indent(depth + 1)}<title>${escapeXml(entry.title)}</title>`];
  for (const child of entry.children) lines.push(item(child, masteryScore, depth + 1));
  if (entry.scored) lines.push(`${indent(depth + 1)}<adlcp:masteryscore>${masteryScore}</adlcp:masteryscore>`);
  lines.push(`${indent(depth)}</item>`);
  return lines.join('\n');
}

function resource(entry: ManifestResource, scormType: 'sco' | 'asset', dependency: string | undefined): string {
  const href = scormType === 'sco' ? ` href="${escapeXml(entry.href)}"` : '';
  return [
    `    <resource identifier="${entry.identifier}" type="webcontent" adlcp:scormtype="${scormType}"${href}>`,
    ...entry.files.map((file) => `      <file href="${escapeXml(file)}"/>`),
    ...(dependency === undefined ? [] : [`      <dependency identifierref="${dependency}"/>`]),
    '    </resource>',
  ].join('\n');
}

/** imsmanifest.xml for SCORM 1.2 (IMS CP 1.1.2 + ADL CP 1.2). */
export function scorm12Manifest(model: ManifestModel): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${model.identifier}" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>${escapeXml(model.title)}</title>
${model.items.map((entry) => item(entry, model.masteryScore, 3)).join('\n')}
    </organization>
  </organizations>
  <resources>
${model.scos.map((sco) => resource(sco, 'sco', model.shared.identifier)).join('\n')}
${resource(model.shared, 'asset', undefined)}
  </resources>
</manifest>
`;
}
