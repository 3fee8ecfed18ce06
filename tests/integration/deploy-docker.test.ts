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

  it('both images are multi-stage on the same pinned Node 24 and ship only `pnpm deploy --prod` output', () => {
    for (const name of ['api.Dockerfile', 'app.Dockerfile']) {
      const instructions = parseDockerfile(dockerfile(name));
      expect(instructions.find((instruction) => instruction.keyword === 'ARG')?.args).toMatch(/^NODE_IMAGE=node:24\.\d+\.\d+-bookworm-slim$/);
      expect(instructions.filter((instruction) => instruction.keyword === 'FROM').length).toBeGreaterThanOrEqual(2);
      const copiedIntoRuntime = instructions.filter((instruction) => instruction.keyword === 'COPY' && instruction.args.startsWith('--from=build'));
      expect(copiedIntoRuntime.map((instruction) => instruction.args)).toEqual(['--from=build /out /app']);
    }
    expect(readFileSync(join(repoRoot, 'deploy', 'docker', 'assemble-server.sh'), 'utf8')).toContain('deploy --prod');
    expect(dockerfile('app.Dockerfile')).toContain('deploy --prod');
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
