// Static checks of docker-compose.yml: what `docker compose config` would catch plus what it would
// not (unpinned images, env the server does not read), without needing a Docker engine.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isPinnedImage } from './k8s-policy.ts';

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  depends_on?: string[] | Record<string, unknown>;
  profiles?: string[];
  command?: string | string[];
  ports?: string[];
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export interface ComposeCheckOptions {
  /** Directory the compose file lives in (build contexts and bind mounts are relative to it). */
  projectDir: string;
  /** Services that run Mirai's server, whose environment must be variables Mirai documents. */
  miraiServices: string[];
  knownEnv: Set<string>;
}

export function environmentNames(service: ComposeService): string[] {
  const env = service.environment ?? {};
  return Array.isArray(env) ? env.map((entry) => entry.split('=')[0] ?? entry) : Object.keys(env);
}

function dockerfileOf(service: ComposeService): string | null {
  if (service.build === undefined) return null;
  if (typeof service.build === 'string') return join(service.build, 'Dockerfile');
  return join(service.build.context ?? '.', service.build.dockerfile ?? 'Dockerfile');
}

function volumeSource(volume: string | { type?: string; source?: string }): string | undefined {
  return typeof volume === 'string' ? (volume.includes(':') ? volume.split(':')[0] : undefined) : volume.source;
}

export function composeProblems(compose: ComposeFile, options: ComposeCheckOptions): string[] {
  const problems: string[] = [];
  const declaredVolumes = new Set(Object.keys(compose.volumes ?? {}));
  for (const [name, service] of Object.entries(compose.services)) {
    const dockerfile = dockerfileOf(service);
    if (dockerfile !== null && !existsSync(join(options.projectDir, dockerfile))) problems.push(`${name}: Dockerfile ${dockerfile} does not exist`);
    if (dockerfile === null && !isPinnedImage(service.image)) problems.push(`${name}: image "${service.image}" is not pinned to a version`);
    for (const volume of service.volumes ?? []) {
      const source = volumeSource(volume);
      if (source === undefined) continue;
      if (source.startsWith('.') || source.startsWith('/')) {
        if (!existsSync(join(options.projectDir, source))) problems.push(`${name}: bind mount ${source} does not exist`);
      } else if (!declaredVolumes.has(source)) problems.push(`${name}: volume ${source} is not declared under volumes:`);
    }
    const dependencies = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
    for (const dependency of dependencies)
      if (compose.services[dependency] === undefined) problems.push(`${name}: depends on unknown service ${dependency}`);
    if (options.miraiServices.includes(name))
      for (const variable of environmentNames(service))
        if (!options.knownEnv.has(variable)) problems.push(`${name}: ${variable} is not a variable Mirai or its plugins document`);
  }
  return problems;
}
