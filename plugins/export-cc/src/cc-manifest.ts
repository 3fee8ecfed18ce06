import { escapeHtml as escapeXml, languageTag } from '@mirai/export-kit';
import type { CourseDocument } from '@mirai/sdk-plugin';
import type { CartridgeLesson } from './cartridge-layout.ts';

const ASSESSMENT = 'imsqti_xmlv1p2/imscc_xmlv1p3/assessment';
const SCHEMA_LOCATION = [
  'http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1 http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd',
  'http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lommanifest_v1p0.xsd',
].join(' ');

function organizationXml(course: CourseDocument, lessons: CartridgeLesson[]): string {
  const modules = course.modules.map((module, m) => {
    const items = lessons
      .filter((entry) => entry.module === module)
      .flatMap((entry) => {
        const page = `        <item identifier="I_${entry.key}" identifierref="R_${entry.key}"><title>${escapeXml(entry.lesson.title)}</title></item>`;
        const quiz = `        <item identifier="I_${entry.key}_QUIZ" identifierref="R_${entry.key}_QUIZ"><title>${escapeXml(entry.quizTitle)}</title></item>`;
        return entry.assessment === null ? [page] : [page, quiz];
      });
    return [
      `      <item identifier="I_M${String(m + 1).padStart(2, '0')}">`,
      `        <title>${escapeXml(module.title)}</title>`,
      ...items,
      '      </item>',
    ].join('\n');
  });
  return `  <organizations>
    <organization identifier="ORG" structure="rooted-hierarchy">
      <item identifier="ROOT">
${modules.join('\n')}
      </item>
    </organization>
  </organizations>`;
}

function resourcesXml(lessons: CartridgeLesson[], sharedFiles: string[]): string {
  const resources = lessons.flatMap((entry) => {
    const page = `    <resource identifier="R_${entry.key}" type="webcontent" href="${escapeXml(entry.page)}">
      <file href="${escapeXml(entry.page)}"/>
      <dependency identifierref="R_SHARED"/>
    </resource>`;
    if (entry.assessment === null) return [page];
    return [
      page,
      `    <resource identifier="R_${entry.key}_QUIZ" type="${ASSESSMENT}">\n      <file href="${escapeXml(entry.assessment)}"/>\n    </resource>`,
    ];
  });
  const shared = `    <resource identifier="R_SHARED" type="webcontent">
${sharedFiles.map((file) => `      <file href="${escapeXml(file)}"/>`).join('\n')}
    </resource>`;
  return `  <resources>\n${[...resources, shared].join('\n')}\n  </resources>`;
}

/** `imsmanifest.xml` for IMS Common Cartridge 1.3: modules → lessons (and their quizzes) in one rooted organization. */
export function manifestXml(course: CourseDocument, lessons: CartridgeLesson[], sharedFiles: string[]): string {
  const language = languageTag(course.language);
  const langString = (text: string) => `<lomimscc:string language="${language}">${escapeXml(text)}</lomimscc:string>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST" xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1" xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${SCHEMA_LOCATION}">
  <metadata>
    <schema>IMS Common Cartridge</schema>
    <schemaversion>1.3.0</schemaversion>
    <lomimscc:lom>
      <lomimscc:general>
        <lomimscc:title>${langString(course.title)}</lomimscc:title>
        <lomimscc:language>${language}</lomimscc:language>
        <lomimscc:description>${langString(course.desiredOutcome)}</lomimscc:description>
      </lomimscc:general>
    </lomimscc:lom>
  </metadata>
${organizationXml(course, lessons)}
${resourcesXml(lessons, sharedFiles)}
</manifest>
`;
}
