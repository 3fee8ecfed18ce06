// .github/workflows/release.yml: tests gate the images, the images carry the names the manifests
// deploy, and the GitOps step really moves every prod image to the released commit.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/paths.ts';

interface Step {
  id?: string;
  run?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<
    string,
    { needs?: string; uses?: string; steps?: Step[]; strategy?: { matrix: { include: { image: string; file: string; target: string }[] } } }
  >;
}
interface Kustomization {
  images: { name: string; newTag: string }[];
}

const readYaml = <T>(...path: string[]) => parse(readFileSync(join(repoRoot, ...path), 'utf8')) as T;
const release = readYaml<Workflow>('.github', 'workflows', 'release.yml');
const PROD_APP = join('deploy', 'k8s', 'overlays', 'prod', 'app', 'kustomization.yaml');
const scratch = mkdtempSync(join(tmpdir(), 'mirai-release-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `script` in a copy of the prod overlay as the workflow would, and returns the image tags after it. */
function tagsAfter(script: string, sha: string): string[] {
  const dir = mkdtempSync(join(scratch, 'run-'));
  cpSync(join(repoRoot, PROD_APP), join(dir, PROD_APP));
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: dir, env: { ...process.env, GITHUB_SHA: sha }, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return (parse(readFileSync(join(dir, PROD_APP), 'utf8')) as Kustomization).images.map((image) => image.newTag);
}

describe('release workflow', () => {
  it('runs the CI test job first, then builds images, then commits the new tag', () => {
    expect(release.jobs.test?.uses).toBe('./.github/workflows/ci.yml');
    expect(readYaml<Workflow>('.github', 'workflows', 'ci.yml').on).toHaveProperty('workflow_call');
    expect(release.jobs.images?.needs).toBe('test');
    expect(release.jobs.gitops?.needs).toBe('images');
  });

  it('builds exactly the images the prod overlay deploys', () => {
    const matrix = release.jobs.images?.strategy?.matrix.include ?? [];
    const built = matrix.map((entry) => `${release.env?.IMAGE_PREFIX}/mirai-${entry.image}`);
    expect(built.sort()).toEqual(
      readYaml<Kustomization>(PROD_APP)
        .images.map((image) => image.name)
        .sort(),
    );
    // Each from a Dockerfile that exists, and a target that Dockerfile names (or its last stage).
    for (const entry of matrix) {
      const dockerfile = readFileSync(join(repoRoot, 'deploy', 'docker', entry.file), 'utf8');
      if (entry.target !== '') expect(dockerfile).toMatch(new RegExp(`^FROM \\S+ AS ${entry.target}$`, 'm'));
    }
  });

  it('the GitOps step sets every prod image tag to the commit, and a step that does not is caught', () => {
    const step = release.jobs.gitops?.steps?.find((candidate) => candidate.id === 'set-image-tag');
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const images = readYaml<Kustomization>(PROD_APP).images.length;
    expect(tagsAfter(step?.run ?? 'false', sha)).toEqual(Array(images).fill(sha));
    expect(tagsAfter(`sed -i -E "0,/newTag:/s/^(\\s*newTag:).*/\\1 \${GITHUB_SHA}/" ${PROD_APP}`, sha)).not.toEqual(Array(images).fill(sha));
  });
});
