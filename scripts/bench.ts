// `pnpm bench <name> [options]`: runs one of the benchmarks under scripts/bench/.
interface Bench {
  summary: string;
  run(argv: string[]): Promise<number>;
}

const BENCHES: Record<string, Bench> = {
  api: {
    summary: 'req/s and p99 of GET /v1/me relative to a bare Fastify route, embedded and server database',
    run: async (argv) => (await import('./bench/api.ts')).main(argv),
  },
  app: {
    summary: 'the web app in Chromium with 4× CPU slowdown: JavaScript sent, LCP and TBT of the dashboard, wizard, editor and a learner lesson',
    run: async (argv) => (await import('./bench/app.ts')).main(argv),
  },
  'app-js': {
    summary: 'JavaScript (raw and gzip) a browser downloads to open the dashboard, wizard, generation view, editor and preview',
    run: async (argv) => (await import('./bench/app-js.ts')).main(argv),
  },
  export: {
    summary: 'export time (vs the HTML export) and package size per format for a 5 × 4 course',
    run: async (argv) => (await import('./bench/export.ts')).main(argv),
  },
  memory: {
    summary: 'RSS of the server-mode API and worker over 1,000 generated courses (ai-offline): growth after warm-up, PASS at most 10 %',
    run: async (argv) => (await import('./bench/memory.ts')).main(argv),
  },
  plugins: {
    summary: 'a 5 × 4 course export and a streamed lesson through a sandboxed plugin (workerd) vs the same plugin in-process',
    run: async (argv) => (await import('./bench/plugins.ts')).main(argv),
  },
  startup: {
    summary: 'embedded API (PGlite) cold start to /readyz on an existing data directory, vs a bare Fastify start',
    run: async (argv) => (await import('./bench/startup.ts')).main(argv),
  },
  suite: {
    summary: "CPU and wall time of a sample of test files with Node-native TypeScript loading vs Vite's module runner",
    run: async (argv) => (await import('./bench/suite.ts')).main(argv),
  },
  tenants: {
    summary:
      "server mode, two workers: one tenant's course alone vs under another tenant's flood of 50 courses (queue wait, completion, lost or repeated jobs)",
    run: async (argv) => (await import('./bench/tenants.ts')).main(argv),
  },
  generation: {
    summary: 'courses/min end to end (ai-offline), job port jobs/s vs raw BullMQ, websocket event latency with 1–1000 subscribers',
    run: async (argv) => (await import('./bench/generation.ts')).main(argv),
  },
};

const NAME_WIDTH = Math.max(...Object.keys(BENCHES).map((name) => name.length)) + 2;

const USAGE = `Usage: pnpm bench <name> [options]

${Object.entries(BENCHES)
  .map(([name, bench]) => `  ${name.padEnd(NAME_WIDTH)}${bench.summary}`)
  .join('\n')}

\`pnpm bench <name> --help\` lists a benchmark's options; docs/benchmarks.md explains the figures.`;

const [name, ...rest] = process.argv.slice(2);
if (name === '--help' || name === '-h' || name === 'help') {
  process.stdout.write(`${USAGE}\n`);
} else {
  const bench = name !== undefined && Object.hasOwn(BENCHES, name) ? BENCHES[name] : undefined;
  if (bench === undefined) {
    process.stderr.write(`${name === undefined ? 'Which benchmark?' : `Unknown benchmark "${name}".`}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    process.exitCode = await bench.run(rest);
  }
}
