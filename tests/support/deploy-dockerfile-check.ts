// Static checks of the Dockerfiles, since this machine (and CI) has no Docker engine to build them:
// every base image pinned, every COPY source present in the build context and not excluded by
// .dockerignore, and a final stage that runs as a non-root user with a health check.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isPinnedImage } from './k8s-policy.ts';

export interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions with line continuations joined; comments and blank lines dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return logical.map((line) => {
    const space = line.search(/\s/);
    return { keyword: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
  });
}

/** Resolves ${NAME} in a FROM line with the ARG defaults declared before the first FROM. */
function resolveArgs(value: string, args: Map<string, string>): string {
  return value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) => args.get(name) ?? whole);
}

/** The leading path segment of each .dockerignore pattern that excludes a whole top-level entry. */
function ignoredTopLevel(dockerignore: string): Set<string> {
  return new Set(
    dockerignore
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!') && !line.includes('*') && !line.includes('/')),
  );
}

export function dockerfileProblems(text: string, contextDir: string, dockerignore: string): string[] {
  const problems: string[] = [];
  const instructions = parseDockerfile(text);
  const globalArgs = new Map<string, string>();
  const stages: Instruction[][] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'ARG' && stages.length === 0) {
      const [name, value] = instruction.args.split('=');
      if (name !== undefined && value !== undefined) globalArgs.set(name, value);
    }
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  const stageNames = new Set<string>();
  const ignored = ignoredTopLevel(dockerignore);
  for (const stage of stages) {
    const [from] = stage;
    const [image, , alias] = resolveArgs(from?.args ?? '', globalArgs).split(/\s+/);
    // `scratch` is Docker's empty image: there is no version to pin.
    if (image !== 'scratch' && !stageNames.has(image ?? '') && !isPinnedImage(image))
      problems.push(`FROM ${image}: base image is not pinned to a version`);
    if (alias !== undefined) stageNames.add(alias);
    for (const instruction of stage.filter((candidate) => candidate.keyword === 'COPY' || candidate.keyword === 'ADD')) {
      if (/--from=/.test(instruction.args)) continue;
      const parts = instruction.args.split(/\s+/).filter((part) => !part.startsWith('--'));
      for (const source of parts.slice(0, -1)) {
        if (!existsSync(join(contextDir, source))) problems.push(`${instruction.keyword} ${source}: not in the build context`);
        else if (ignored.has(source.split('/')[0] ?? source)) problems.push(`${instruction.keyword} ${source}: excluded by .dockerignore`);
      }
    }
  }
  const final = stages.at(-1) ?? [];
  const user = final.filter((instruction) => instruction.keyword === 'USER').at(-1)?.args;
  if (user === undefined) problems.push('final stage sets no USER (it would run as root)');
  else if (!/^[1-9]\d*(:\d+)?$/.test(user))
    problems.push(`final stage USER ${user}: use a numeric non-root uid so Kubernetes can verify runAsNonRoot`);
  if (!final.some((instruction) => instruction.keyword === 'HEALTHCHECK')) problems.push('final stage has no HEALTHCHECK');
  return problems;
}
