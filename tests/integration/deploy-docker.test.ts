// The Dockerfiles, checked statically, in the default suite (no Docker engine needed). The images
// themselves are built and run by deploy/ci/images.sh at the end of .ci/run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerfileProblems, parseDockerfile } from '../support/deploy-dockerfile-check.ts';
import { repoRoot } from '../support/paths.ts';

const dockerignore = readFileSync(join(repoRoot, '.dockerignore'), 'utf8');
const dockerfile = (name: string) => readFileSync(join(repoRoot, 'deploy', 'docker', name), 'utf8');

describe('Dockerfiles', () => {
  it.each(['api.Dockerfile', 'app.Dockerfile'])('%s: pinned bases, sources in the context, non-root user, health check', (name) => {
    expect(dockerfileProblems(dockerfile(name), repoRoot, dockerignore)).toEqual([]);
  });

  it('both images are multi-stage on the same pinned Node 24 and ship only production dependencies', () => {
    // The API build has two runtime targets: the plugin runtime (the whole tree, with workerd) and
    // the API (the tree without workerd and PGlite, last so it is the default target). Both are
    // flattened onto scratch from node-root, which takes only the stripped Node from the build.
    const expected: Record<string, string[]> = {
      'api.Dockerfile': ['--from=build /node/node /usr/local/bin/node', '--from=build /out /app', '--from=build /out-api /app'],
      'app.Dockerfile': ['--from=build /out /app'],
    };
    for (const [name, copies] of Object.entries(expected)) {
      const instructions = parseDockerfile(dockerfile(name));
      expect(instructions.find((instruction) => instruction.keyword === 'ARG')?.args).toMatch(/^NODE_IMAGE=node:24\.\d+\.\d+-bookworm-slim$/);
      expect(instructions.filter((instruction) => instruction.keyword === 'FROM').length).toBeGreaterThanOrEqual(2);
      const copiedIntoRuntime = instructions.filter((instruction) => instruction.keyword === 'COPY' && instruction.args.startsWith('--from=build'));
      expect(copiedIntoRuntime.map((instruction) => instruction.args)).toEqual(copies);
    }
    const api = dockerfile('api.Dockerfile');
    expect(api).toMatch(/^FROM \S+ AS plugin-runtime$/m);
    expect(
      api
        .trimEnd()
        .split('\n')
        .findLast((line) => line.startsWith('FROM ')),
    ).toMatch(/ AS api$/);
    expect(api).toContain("-name '@cloudflare+workerd-*'");
    // The runtime targets start from nothing, so what node-root deletes from the base (npm, the
    // unstripped binary) is not shipped in a lower layer; nor is Debian's xmllint installed.
    for (const target of ['plugin-runtime', 'api']) {
      const stage = api.slice(api.indexOf(`FROM scratch AS ${target}`));
      expect(stage.split('\n').find((line) => line.startsWith('COPY'))).toBe('COPY --from=node-root / /');
    }
    expect(api).toMatch(/^FROM \$\{NODE_IMAGE\} AS node-root$/m);
    expect(api).toContain('strip --strip-all /node/node');
    expect(api).toContain('rm -rf /usr/local/lib/node_modules /usr/local/bin/npm');
    expect(api).not.toContain('libxml2-utils');
    expect(readFileSync(join(repoRoot, 'deploy', 'docker', 'assemble-server.sh'), 'utf8')).toContain('install --prod --frozen-lockfile');
    expect(dockerfile('app.Dockerfile')).toContain('install --frozen-lockfile --offline --prod --filter @mirai/app');
  });

  it('rejects a latest base, a missing or ignored COPY source, a root user and no health check', () => {
    const broken = [
      'FROM node:latest AS build',
      'COPY no-such-dir ./x',
      'COPY tests ./tests',
      'FROM node:24.21.0-bookworm-slim',
      'COPY --from=build /out /app',
      'USER root',
    ].join('\n');
    expect(dockerfileProblems(broken, repoRoot, dockerignore)).toEqual([
      'FROM node:latest: base image is not pinned to a version',
      'COPY no-such-dir: not in the build context',
      'COPY tests: excluded by .dockerignore',
      'final stage USER root: use a numeric non-root uid so Kubernetes can verify runAsNonRoot',
      'final stage has no HEALTHCHECK',
    ]);
  });
});
