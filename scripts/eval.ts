// `pnpm eval <name> [options]`: runs one of the quality evaluations under scripts/eval/.
const EVALS: Record<string, { summary: string; run(argv: string[]): Promise<number> }> = {
  generation: {
    summary: 'generated courses scored on the corpus: key facts, supported sentences, headings, repeats, titles, questions',
    run: async (argv) => (await import('./eval/generation.ts')).main(argv),
  },
};

const USAGE = `Usage: pnpm eval <name> [options]

${Object.entries(EVALS)
  .map(([name, evaluation]) => `  ${name.padEnd(12)}${evaluation.summary}`)
  .join('\n')}

\`pnpm eval <name> --help\` lists its options; docs/generation.md explains the figures.`;

const [name, ...rest] = process.argv.slice(2);
const evaluation = name !== undefined && Object.hasOwn(EVALS, name) ? EVALS[name] : undefined;
if (name === '--help' || name === '-h') process.stdout.write(`${USAGE}\n`);
else if (evaluation === undefined) {
  process.stderr.write(`${name === undefined ? 'Which evaluation?' : `Unknown evaluation "${name}".`}\n\n${USAGE}\n`);
  process.exitCode = 2;
} else process.exitCode = await evaluation.run(rest);
