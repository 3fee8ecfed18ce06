import { escapeHtml as escapeXml } from '@mirai/export-kit';
import type { CartridgeLesson } from './cartridge-layout.ts';
import { field, itemXml } from './qti-item.ts';

/** The lesson's quiz blocks as one QTI 1.2 assessment in the CC 1.3 profile (`cc.exam.v0p1`). */
export function assessmentXml(entry: CartridgeLesson): string {
  const items = entry.questions.map((question, index) => itemXml(question, `Q_${entry.key}_${index + 1}`, index + 1));
  return `<?xml version="1.0" encoding="UTF-8"?>
<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/ims_qtiasiv1p2 http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_qtiasiv1p2p1_v1p0.xsd">
  <assessment ident="A_${entry.key}" title="${escapeXml(entry.quizTitle)}">
    <qtimetadata>
      ${field('cc_profile', 'cc.exam.v0p1')}
      ${field('qmd_assessmenttype', 'Examination')}
      ${field('qmd_scoretype', 'Percentage')}
      ${field('cc_maxattempts', 'unlimited')}
    </qtimetadata>
    <section ident="S_${entry.key}">
${items.join('\n')}
    </section>
  </assessment>
</questestinterop>
`;
}
