import { fixtureCourse, PNG_BYTES, questionKindsCourse, readFixtureAsset } from '@mirai/export-kit/testing';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';

async function exporter() {
  const host = await createTestHost(plugin);
  return host.extension('exporter');
}

async function exportFiles(options: { onProgress?: (percent: number) => void; signal?: AbortSignal } = {}, course = fixtureCourse) {
  const chunks: Uint8Array[] = [];
  const stream = (await exporter()).export(
    course,
    {
      settings: {},
      readAsset: readFixtureAsset,
      onProgress: (progress) => options.onProgress?.(progress.percent),
      signal: options.signal,
    },
    { tenantId: 'tenant-test', config: {} },
  );
  for await (const chunk of stream) chunks.push(chunk);
  return unzipSync(Buffer.concat(chunks));
}

const text = (files: Record<string, Uint8Array>, name: string): string => {
  const file = files[name];
  if (file === undefined) throw new Error(`${name} is not in the zip`);
  return strFromU8(file);
};

const LESSONS = ['m01-l01-why-lifting-hurts.html', 'm01-l02-assessing-a-lift.html', 'm02-l01-the-safe-lift.html', 'm02-l02-team-lifts.html'];

describe('export-html', () => {
  it('provides the html exporter', async () => {
    const html = await exporter();
    expect(html).toMatchObject({ format: 'html', mediaType: 'application/zip' });
    expect(html.fileName(fixtureCourse)).toBe('safe-lifting-handling-basics.zip');
  });

  it('writes an index, one page per lesson, one stylesheet and the assets storage has', async () => {
    const files = await exportFiles();
    expect(Object.keys(files).sort()).toEqual(['assets/1-spine.png', 'index.html', ...LESSONS, 'style.css'].sort());
    expect(files['assets/1-spine.png']).toEqual(PNG_BYTES);
  });

  it('opens with the title, the outcome and a table of contents in the course language', async () => {
    const index = text(await exportFiles(), 'index.html');
    expect(index).toContain('<html lang="en-GB"');
    expect(index).toContain('<h1>Safe Lifting &amp; Handling: Basics</h1>');
    expect(index).toContain('choose a &lt;safe&gt; technique');
    expect(index).toContain('<nav class="toc" aria-labelledby="toc-title">');
    expect(index).toContain('Module 2: Lifting safely');
    for (const lesson of LESSONS) expect(index).toContain(`href="${lesson}"`);
  });

  it('links only to files in the zip, so it reads from file://', async () => {
    const files = await exportFiles();
    for (const name of Object.keys(files).filter((file) => file.endsWith('.html'))) {
      const targets = [...text(files, name).matchAll(/(?:href|src)="([^"]*)"/g)].map((match) => match[1] ?? '');
      const local = targets.filter((target) => !/^(https?:|mailto:|#)/.test(target));
      for (const target of local) expect(Object.keys(files), `${name} links to ${target}`).toContain(target);
      expect(targets.some((target) => target.startsWith('/'))).toBe(false);
    }
  });

  it('chains lessons with previous and next links and marks up landmarks', async () => {
    const files = await exportFiles();
    const second = text(files, LESSONS[1] ?? '');
    expect(second).toContain(`<a rel="prev" href="${LESSONS[0]}">Previous: Why lifting hurts</a>`);
    expect(second).toContain(`<a rel="next" href="${LESSONS[2]}">Next: The safe lift</a>`);
    expect(text(files, LESSONS[0] ?? '')).not.toContain('rel="prev"');
    expect(text(files, LESSONS[3] ?? '')).not.toContain('rel="next"');
    for (const landmark of ['<header', '<main id="main"', '<footer', '<nav class="pager" aria-label="Lesson navigation">'])
      expect(second).toContain(landmark);
  });

  it('renders every block type and escapes what authors wrote', async () => {
    const files = await exportFiles();
    const first = text(files, LESSONS[0] ?? '');
    expect(first).toContain('<h2>Backs &amp; loads</h2>');
    expect(first).toContain('<strong>cumulative</strong>');
    expect(first).toContain('&lt;script&gt;alert("x")&lt;/script&gt;');
    expect(first).not.toContain('<script>alert');
    expect(first).toContain('<a href="https://www.hse.gov.uk">HSE</a>');
    expect(first).toContain('<div class="callout callout-warning" role="note">');
    expect(first).toContain('<img src="assets/1-spine.png" alt="A diagram of the spine">');
    expect(first).toContain('<figcaption>The lumbar region</figcaption>');
    expect(first).toContain('<form class="quiz-question" data-kind="single" data-answer="1" data-right-answer="Far">');
    expect(first).toContain('Which is riskier: &lt;near&gt; or far from the body?');
    expect(first).toContain('<p class="explanation" hidden>TILE is Task, Individual, Load, Environment.</p>');
    expect(first).toMatch(/<input type="radio" id="question-\d+-0" name="question-\d+" value="0"><label for="question-\d+-0">Task<\/label>/);
    const second = text(files, LESSONS[1] ?? '');
    expect(second).toContain('<h3>TILE</h3>');
    expect(second).toContain('<button type="button" class="flashcard" aria-pressed="false">');
    expect(second).toContain('Is it heavy, bulky or &lt;unstable&gt;?');
    const third = text(files, LESSONS[2] ?? '');
    expect(third).toContain('<ol>\n<li>Plan</li>');
    expect(third).toContain('if (load &gt; 25) { ask(&quot;&lt;help&gt;&quot;); }');
    expect(third).toContain('<p class="image-missing">A worker lifting a box correctly</p>');
    expect(third).not.toContain('missing.jpg');
  });

  it('inlines the quiz and flashcard script and needs no network', async () => {
    const files = await exportFiles();
    const page = text(files, LESSONS[0] ?? '');
    expect(page).toContain("form.addEventListener('submit'");
    expect(page).not.toMatch(/<script[^>]+src=/);
    expect(page).not.toMatch(/fetch\(|XMLHttpRequest/);
  });

  it('reports progress once per lesson and stops when aborted', async () => {
    const percents: number[] = [];
    await exportFiles({ onProgress: (percent) => percents.push(percent) });
    expect(percents).toEqual([25, 50, 75, 100]);

    const controller = new AbortController();
    const aborted = exportFiles({ signal: controller.signal, onProgress: () => controller.abort() });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('renders each question kind with its own controls and key', async () => {
    const page = text(await exportFiles({}, questionKindsCourse), 'm01-l01-all-kinds.html');
    expect(page).toContain('<form class="quiz-question" data-kind="multiple" data-answer="0,2,3" data-right-answer="T; L; E">');
    expect(page).toMatch(/<input type="checkbox" id="question-\d+-2" name="question-\d+" value="2"><label for="question-\d+-2">L<\/label>/);
    expect(page).toMatch(
      /<input type="radio" id="question-\d+-false" name="question-\d+" value="false"><label for="question-\d+-false">False<\/label>/,
    );
    expect(page).toMatch(/<label for="question-\d+-text">Your answer<\/label> <input type="text"/);
    expect(page).toContain('data-kind="short-answer" data-pattern="surroundings?" data-case-sensitive="true"');
  });
});
