import { escapeHtml as escapeXml, rightAnswerText } from '@mirai/export-kit';
import type { QuizQuestion } from '@mirai/sdk-plugin';
import { matchingShape } from './qti-matching.ts';

export const field = (label: string, entry: string) =>
  `<qtimetadatafield><fieldlabel>${label}</fieldlabel><fieldentry>${escapeXml(entry)}</fieldentry></qtimetadatafield>`;

const mattext = (text: string) => `<material><mattext texttype="text/plain">${escapeXml(text)}</mattext></material>`;

const feedback = (ident: string, text: string) => `        <itemfeedback ident="${ident}"><flow_mat>${mattext(text)}</flow_mat></itemfeedback>`;

/** What differs per kind: the CC profile, the response control, and the condition of a right answer (null: graded by hand). */
interface ItemShape {
  /** null: no CC profile has the kind (see qti-matching). */
  profile: string | null;
  response: string;
  rightWhen: string | null;
}

function choiceList(ident: string, labels: string[], cardinality: 'Single' | 'Multiple'): string {
  const options = labels.map((label, index) => `              <response_label ident="${ident}_C${index + 1}">${mattext(label)}</response_label>`);
  return `<response_lid ident="${ident}_RESPONSE" rcardinality="${cardinality}">
            <render_choice shuffle="No">
${options.join('\n')}
            </render_choice>
          </response_lid>`;
}

function shape(question: QuizQuestion, ident: string): ItemShape {
  const is = (index: number) => `<varequal respident="${ident}_RESPONSE">${ident}_C${index + 1}</varequal>`;
  switch (question.kind) {
    case undefined:
    case 'single':
      return { profile: 'cc.multiple_choice.v0p1', response: choiceList(ident, question.choices, 'Single'), rightWhen: is(question.answerIndex) };
    case 'multiple': {
      // Right only with every right choice and none of the others.
      const conditions = question.choices.map((_, index) => (question.answerIndices.includes(index) ? is(index) : `<not>${is(index)}</not>`));
      return {
        profile: 'cc.multiple_response.v0p1',
        response: choiceList(ident, question.choices, 'Multiple'),
        rightWhen: `<and>${conditions.join('')}</and>`,
      };
    }
    case 'true-false':
      return { profile: 'cc.true_false.v0p1', response: choiceList(ident, ['True', 'False'], 'Single'), rightWhen: is(question.answer ? 0 : 1) };
    case 'short-answer': {
      const field = `<response_str ident="${ident}_RESPONSE" rcardinality="Single">
            <render_fib><response_label ident="${ident}_A"/></render_fib>
          </response_str>`;
      // QTI 1.2 fill-in-the-blank compares whole strings; a pattern has no QTI form, so such an item is an essay graded by hand.
      if (question.match === 'pattern') return { profile: 'cc.essay.v0p1', response: field, rightWhen: null };
      const cased = question.caseSensitive ? 'Yes' : 'No';
      const accepted = question.answers.map((answer) => `<varequal respident="${ident}_RESPONSE" case="${cased}">${escapeXml(answer)}</varequal>`);
      return { profile: 'cc.fib.v0p1', response: field, rightWhen: accepted.join('') };
    }
    case 'ordering':
    case 'matching':
      return { profile: null, ...matchingShape(question, ident) };
  }
}

/** A CC item of the question's kind: a right answer sets SCORE to 100; the explanation is always shown as feedback. */
export function itemXml(question: QuizQuestion, ident: string, number: number): string {
  const { profile, response, rightWhen } = shape(question, ident);
  const answer = rightAnswerText(question);
  const scoring =
    rightWhen === null
      ? ''
      : `
          <respcondition continue="No">
            <conditionvar>${rightWhen}</conditionvar>
            <setvar action="Set" varname="SCORE">100</setvar>
            <displayfeedback feedbacktype="Response" linkrefid="${ident}_CORRECT_FB"/>
          </respcondition>
          <respcondition continue="Yes">
            <conditionvar><other/></conditionvar>
            <displayfeedback feedbacktype="Response" linkrefid="${ident}_INCORRECT_FB"/>
          </respcondition>`;
  const verdicts =
    rightWhen === null
      ? ''
      : `
${feedback(`${ident}_CORRECT_FB`, 'Correct.')}
${feedback(`${ident}_INCORRECT_FB`, answer === '' ? 'Not quite.' : `Not quite. The answer is: ${answer}`)}`;
  return `      <item ident="${ident}" title="Question ${number}">
        <itemmetadata><qtimetadata>${profile === null ? field('question_type', 'matching_question') : field('cc_profile', profile)}${field('cc_weighting', '1')}</qtimetadata></itemmetadata>
        <presentation>
          ${mattext(question.prompt)}
          ${response}
        </presentation>
        <resprocessing>
          <outcomes><decvar varname="SCORE" vartype="Decimal" minvalue="0" maxvalue="100"/></outcomes>
          <respcondition continue="Yes">
            <conditionvar><other/></conditionvar>
            <displayfeedback feedbacktype="Response" linkrefid="${ident}_FB"/>
          </respcondition>${scoring}
        </resprocessing>
${feedback(`${ident}_FB`, question.explanation)}${verdicts}
      </item>`;
}
