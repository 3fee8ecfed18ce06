import { escapeHtml as escapeXml } from '@mirai/export-kit';
import type { QuizQuestion } from '@mirai/sdk-plugin';
import type { CartridgeLesson } from './cartridge-layout.ts';

const field = (label: string, entry: string) =>
  `<qtimetadatafield><fieldlabel>${label}</fieldlabel><fieldentry>${escapeXml(entry)}</fieldentry></qtimetadatafield>`;

const mattext = (text: string) => `<material><mattext texttype="text/plain">${escapeXml(text)}</mattext></material>`;

const feedback = (ident: string, text: string) => `        <itemfeedback ident="${ident}"><flow_mat>${mattext(text)}</flow_mat></itemfeedback>`;

/** A CC multiple-choice item: the right choice sets SCORE to 100; the explanation is always shown as feedback. */
function itemXml(question: QuizQuestion, ident: string, number: number): string {
  const choiceIdent = (index: number) => `${ident}_C${index + 1}`;
  const labels = question.choices.map(
    (choice, index) => `              <response_label ident="${choiceIdent(index)}">${mattext(choice)}</response_label>`,
  );
  const answer = question.choices[question.answerIndex] ?? '';
  return `      <item ident="${ident}" title="Question ${number}">
        <itemmetadata><qtimetadata>${field('cc_profile', 'cc.multiple_choice.v0p1')}${field('cc_weighting', '1')}</qtimetadata></itemmetadata>
        <presentation>
          ${mattext(question.prompt)}
          <response_lid ident="${ident}_RESPONSE" rcardinality="Single">
            <render_choice shuffle="No">
${labels.join('\n')}
            </render_choice>
          </response_lid>
        </presentation>
        <resprocessing>
          <outcomes><decvar varname="SCORE" vartype="Decimal" minvalue="0" maxvalue="100"/></outcomes>
          <respcondition continue="Yes">
            <conditionvar><other/></conditionvar>
            <displayfeedback feedbacktype="Response" linkrefid="${ident}_FB"/>
          </respcondition>
          <respcondition continue="No">
            <conditionvar><varequal respident="${ident}_RESPONSE">${choiceIdent(question.answerIndex)}</varequal></conditionvar>
            <setvar action="Set" varname="SCORE">100</setvar>
            <displayfeedback feedbacktype="Response" linkrefid="${ident}_CORRECT_FB"/>
          </respcondition>
          <respcondition continue="Yes">
            <conditionvar><other/></conditionvar>
            <displayfeedback feedbacktype="Response" linkrefid="${ident}_INCORRECT_FB"/>
          </respcondition>
        </resprocessing>
${feedback(`${ident}_FB`, question.explanation)}
${feedback(`${ident}_CORRECT_FB`, 'Correct.')}
${feedback(`${ident}_INCORRECT_FB`, `Not quite. The answer is: ${answer}`)}
      </item>`;
}

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
