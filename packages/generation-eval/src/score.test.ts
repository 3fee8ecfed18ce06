import { describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus.ts';
import { coverage, type GeneratedLesson, headingAgreement, scoreCourse, supported } from './score.ts';
import { malformedTitle, templatedTitles } from './title-rules.ts';

const ladder = loadCorpus().find((document) => document.file === 'step-ladder-safety.md');
if (ladder === undefined) throw new Error('the corpus has no ladder document');
const source = { text: ladder.markdown };

function lesson(title: string, markdown: string, extra: Partial<GeneratedLesson> = {}): GeneratedLesson {
  return { title, objectives: [], markdown, sources: [source], quiz: [], flashcards: [], ...extra };
}

const score = (...lessons: GeneratedLesson[]) => scoreCourse({ modules: [{ title: 'Ladder safety', lessons }] }, [ladder]);

describe('title rules', () => {
  it('catch the fragment-built titles and objectives of issue 20', () => {
    for (const title of [
      'What is feet?',
      'Describe the main ideas of 150 kg',
      'Recognise how feet relates to 1-in-4 rule',
      'Understanding 150 kg',
      'What is ladders?',
      'Climbing and working Always maintain',
      'What is cross-contamination Cross-contamination?',
      'Checks before you climb and',
      'using the ladder',
    ])
      expect({ title, reason: malformedTitle(title) }).toEqual({ title, reason: expect.any(String) });
  });

  it('accept titles a person writes', () => {
    for (const title of [
      'Using a leaning ladder',
      'Pre-use checks',
      'What is personal data?',
      'The 1 in 4 rule',
      'GDPR basics for staff',
      "Individuals' rights",
    ])
      expect({ title, reason: malformedTitle(title) }).toEqual({ title, reason: null });
  });

  it('catch one frame filled with different phrases across a course', () => {
    const practice = ['Step-ladder', 'Leaning ladder', 'Locking bars', 'Pre-use checks', 'Feet'].map((phrase) => `${phrase} in practice`);
    expect(templatedTitles([...practice, 'After the job'])).toHaveLength(5);
    const explain = ['feet', 'a ladder', 'locking bars'].map((phrase) => `Explain why ${phrase} matters in your work`);
    expect(templatedTitles([...explain, 'After the job'])).toHaveLength(3);
    expect(templatedTitles(['Using a leaning ladder', 'Using a step-ladder', 'After the job'])).toEqual([]);
  });
});

describe('scoreCourse', () => {
  it('counts a glued heading and generated filler as unsupported, the sources’ own sentences as supported', () => {
    const result = score(
      lesson(
        'Climbing and working',
        '## Climbing and working\n\nClimbing and working Always maintain three points of contact while you climb: two feet and one hand, or two hands and one foot. [1]\n\nThis lesson builds towards the course outcome and is written for you. [1]\n\nWear flat shoes with clean soles and face the ladder when you go up and down. [1]',
      ),
    );
    expect(result.sentences).toBe(3);
    expect(result.unsupported).toHaveLength(2);
    expect(supported(result)).toBeCloseTo(1 / 3);
  });

  it('checks a sentence against the excerpt its citation names', () => {
    const lessonWithTwoSources = lesson('Using a step-ladder', '## Using a step-ladder\n\nKeep both feet on the same step while you work. [2]', {
      sources: [source, { text: 'Something else entirely.' }],
    });
    expect(score(lessonWithTwoSources).unsupported).toHaveLength(1);
  });

  it('flags a section that mixes step-ladder and leaning-ladder facts, or whose sentences are not about its heading', () => {
    const result = score(
      lesson(
        'Using ladders',
        '## Using a step-ladder\n\nKeep both feet on the same step while you work. Set it at an angle of 75 degrees. [1]\n\n## Storage\n\nWear flat shoes with clean soles and face the ladder when you go up and down. [1]\n\n## Using a leaning ladder\n\nSet it at an angle of 75 degrees. [1]',
      ),
    );
    expect(result.headingSections).toBe(3);
    expect(result.disagreeingHeadings).toHaveLength(2);
    expect(headingAgreement(result)).toBeCloseTo(1 / 3);
  });

  it('counts the same question or flashcard in several lessons, and questions whose answer is not in the sources', () => {
    const quiz = [{ prompt: 'What is feet?', choices: ['Feet', 'A unit', 'Rungs'], answerIndex: 1 }];
    const flashcards = [{ front: 'Feet', back: 'A unit of length' }];
    const result = score(
      lesson('Pre-use checks', '## Pre-use checks\n\nCheck the stiles for bends, cracks or splits. [1]', { quiz, flashcards }),
      lesson('After the job', '## After the job\n\nReport any damage you noticed while working, even if it seemed minor. [1]', {
        quiz: [
          ...quiz,
          {
            prompt: 'Fill in the blank: Never carry loads heavier than _____ up a ladder.',
            choices: ['10 kg', '150 kg', '75 degrees'],
            answerIndex: 0,
          },
        ],
        flashcards,
      }),
    );
    expect(result.repeatedQuestions).toEqual(['what is feet (×2)']);
    expect(result.repeatedFlashcards).toEqual(['feet (×2)']);
    expect(result.ungroundedQuestions).toEqual(['Pre-use checks: What is feet?', 'After the job: What is feet?']);
  });

  it('misses a key fact (the 75-degree rule) that no lesson sentence states', () => {
    const result = score(lesson('Using a leaning ladder', '## Using a leaning ladder\n\nThe 1 in 4 rule gives you that angle. [1]'));
    expect(result.missingFacts).toContain('angle');
    expect(result.missingFacts).not.toContain('one-in-four');
    expect(coverage(result)).toBeLessThan(0.2);
  });
});
