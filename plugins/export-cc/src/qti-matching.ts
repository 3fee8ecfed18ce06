import { escapeHtml as escapeXml } from '@mirai/export-kit';
import type { MatchingQuestion, OrderingQuestion } from '@mirai/sdk-plugin';

const mattext = (text: string) => `<material><mattext texttype="text/plain">${escapeXml(text)}</mattext></material>`;

/**
 * The IMS CC 1.x QTI profile has no ordering or matching item type (its profiles are multiple
 * choice, multiple response, true/false, fill-in-the-blank, essay and pattern match), and its
 * schema has no `render_extension` for QTI's ordered response. Both kinds are therefore written
 * in the QTI 1.2 matching form, built only from elements the profile allows: one `response_lid`
 * per row, each choosing among the same labels, scored all-or-nothing with an `<and>` of
 * `varequal`s. Matching rows are the left-hand sides choosing a right-hand side; ordering rows are
 * the positions ("Step 1", …) choosing an item. The item says `question_type` `matching_question`,
 * the metadata Canvas (the main CC importer grading such items) reads for this form.
 */
export function matchingShape(question: OrderingQuestion | MatchingQuestion, ident: string): { response: string; rightWhen: string } {
  const rows = question.kind === 'ordering' ? question.items.map((_, i) => `Step ${i + 1}`) : question.pairs.map((pair) => pair.left);
  const labels = question.kind === 'ordering' ? question.items : question.pairs.map((pair) => pair.right);
  const options = labels.map((label, index) => `                <response_label ident="${ident}_C${index + 1}">${mattext(label)}</response_label>`);
  const response = rows
    .map(
      (row, r) => `<response_lid ident="${ident}_R${r + 1}" rcardinality="Single">
              ${mattext(row)}
              <render_choice shuffle="Yes">
${options.join('\n')}
              </render_choice>
            </response_lid>`,
    )
    .join('\n          ');
  // Row r is right when it chose label r: the authored order is the answer for both kinds.
  const rightWhen = `<and>${rows.map((_, r) => `<varequal respident="${ident}_R${r + 1}">${ident}_C${r + 1}</varequal>`).join('')}</and>`;
  return { response, rightWhen };
}
