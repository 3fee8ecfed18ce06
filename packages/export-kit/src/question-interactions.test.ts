import { describe, expect, it } from 'vitest';
import { correctResponsePatterns, interactionType, xapiInteractionDefinition } from './question-interactions.ts';
import { questionDataAttributes, questionFormControlsHtml, rightAnswerText } from './question-markup.ts';
import { questionKindsQuiz } from './testing/sample-course.ts';

const [single, multiple, trueFalse, exact, pattern, ordering, matching] = questionKindsQuiz;
if (
  single === undefined ||
  multiple === undefined ||
  trueFalse === undefined ||
  exact?.kind !== 'short-answer' ||
  pattern === undefined ||
  ordering?.kind !== 'ordering' ||
  matching?.kind !== 'matching'
)
  throw new Error('the fixture has seven questions');

describe('question interactions', () => {
  it('types each kind as SCORM and xAPI name it', () => {
    expect(questionKindsQuiz.map(interactionType)).toEqual(['choice', 'choice', 'true-false', 'fill-in', 'fill-in', 'sequencing', 'matching']);
  });

  it('writes correct responses in each format', () => {
    expect(questionKindsQuiz.map((q) => correctResponsePatterns(q, 'scorm12'))).toEqual([
      ['b'],
      ['a,c,d'],
      ['f'],
      ['Environment', 'the environment'],
      [],
      ['a,b,c,d'],
      ['a.1,b.2,c.3'],
    ]);
    expect(questionKindsQuiz.map((q) => correctResponsePatterns(q, 'scorm2004'))).toEqual([
      ['b'],
      ['a[,]c[,]d'],
      ['false'],
      ['Environment', 'the environment'],
      [],
      ['a[,]b[,]c[,]d'],
      ['a[.]1[,]b[.]2[,]c[.]3'],
    ]);
    expect(correctResponsePatterns({ ...exact, caseSensitive: true }, 'xapi')).toEqual([
      '{case_matters=true}Environment',
      '{case_matters=true}the environment',
    ]);
  });

  it('defines xAPI cmi.interaction activities with choices for choice questions only', () => {
    expect(xapiInteractionDefinition(multiple, 'en')).toEqual({
      type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
      name: { en: 'Which letters are in TILE?' },
      description: { en: 'Which letters are in TILE?' },
      interactionType: 'choice',
      correctResponsesPattern: ['a[,]c[,]d'],
      choices: [
        { id: 'a', description: { en: 'T' } },
        { id: 'b', description: { en: 'X' } },
        { id: 'c', description: { en: 'L' } },
        { id: 'd', description: { en: 'E' } },
      ],
    });
    expect(xapiInteractionDefinition(pattern, 'en')).not.toHaveProperty('correctResponsesPattern');
    expect(xapiInteractionDefinition(trueFalse, 'en')).not.toHaveProperty('choices');
  });

  it('defines sequencing with its items as choices, matching with source and target', () => {
    expect(xapiInteractionDefinition(ordering, 'en')).toMatchObject({
      interactionType: 'sequencing',
      correctResponsesPattern: ['a[,]b[,]c[,]d'],
      choices: [{ id: 'a', description: { en: 'Plan the lift' } }, { id: 'b' }, { id: 'c' }, { id: 'd' }],
    });
    expect(xapiInteractionDefinition(matching, 'en')).toMatchObject({
      interactionType: 'matching',
      correctResponsesPattern: ['a[.]1[,]b[.]2[,]c[.]3'],
      source: [{ id: 'a', description: { en: 'T' } }, { id: 'b' }, { id: 'c' }],
      target: [{ id: '1', description: { en: 'Task' } }, { id: '2' }, { id: '3' }],
    });
  });
});

describe('question markup', () => {
  it('gives the page script the key and the answer in words (never a pattern)', () => {
    expect(questionDataAttributes(multiple)).toBe('data-kind="multiple" data-answer="0,2,3" data-right-answer="T; L; E"');
    expect(questionDataAttributes(trueFalse)).toBe('data-kind="true-false" data-answer="false" data-right-answer="False"');
    expect(questionDataAttributes(exact)).toContain('data-accepted="[&quot;Environment&quot;,&quot;the environment&quot;]"');
    expect(questionDataAttributes(pattern)).toBe(
      'data-kind="short-answer" data-pattern="surroundings?" data-case-sensitive="true" data-right-answer=""',
    );
    expect(rightAnswerText(pattern)).toBe('');
  });

  it('renders checkboxes, True/False radios and a labelled text field', () => {
    expect(questionFormControlsHtml(multiple, 'q')).toContain('<input type="checkbox" id="q-2" name="q" value="2"><label for="q-2">L</label>');
    expect(questionFormControlsHtml(trueFalse, 'q', { required: true })).toContain(
      '<input type="radio" id="q-true" name="q" value="true" required><label for="q-true">True</label>',
    );
    expect(questionFormControlsHtml(exact, 'q')).toContain('<label for="q-text">Your answer</label> <input type="text" id="q-text" name="q"');
  });

  it('renders a labelled position select per ordering item and a select of right-hand sides per matching row', () => {
    expect(questionDataAttributes(ordering)).toBe(
      'data-kind="ordering" data-answer="0,1,2,3" data-right-answer="Plan the lift → Get a firm grip → Lift with the legs → Put the load down"',
    );
    expect(questionDataAttributes(matching)).toContain(
      'data-kind="matching" data-answer="0,1,2" data-right-answer="T: Task; I: Individual; L: Load"',
    );
    const order = questionFormControlsHtml(ordering, 'q');
    const shownItems = [...order.matchAll(/<label for="q-\d">([^<]+)<\/label> <select id="q-\d" name="q-\d" data-item="(\d)">/g)];
    expect(shownItems.map((m) => m[1])).toHaveLength(4);
    expect(shownItems.map((m) => ordering.items[Number(m[2])])).toEqual(shownItems.map((m) => m[1]));
    expect(shownItems.map((m) => m[1])).not.toEqual(ordering.items);
    const match = questionFormControlsHtml(matching, 'q');
    expect(match).toContain('<label for="q-0">T</label> <select id="q-0" name="q-0">');
    expect(match.match(/<option value="1">Individual<\/option>/g)).toHaveLength(3);
  });
});
