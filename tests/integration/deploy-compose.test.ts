// docker-compose.yml parses and references only images, Dockerfiles, volumes, services and
// environment variables that exist, and keeps the PostgreSQL + Redis default that server-mode
// development relies on. No Docker engine needed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ComposeFile, composeProblems, environmentNames } from '../support/deploy-compose-check.ts';
import { knownServerEnv } from '../support/deploy-known-env.ts';
import { repoRoot } from '../support/paths.ts';

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
const MIRAI_SERVICES = ['api', 'worker', 'migrate', 'plugin-runtime'];

const options = { projectDir: repoRoot, miraiServices: MIRAI_SERVICES, knownEnv: await knownServerEnv() };

describe('docker-compose.yml', () => {
  it('references only pinned images, existing Dockerfiles and bind mounts, declared volumes, known services and documented env', () => {
    expect(composeProblems(compose, options)).toEqual([]);
  });

  it('has the full stack, wired to server mode', () => {
    for (const service of [
      'postgres',
      'redis',
      'minio',
      'minio-bucket',
      'kratos',
      'kratos-migrate',
      'kratos-ui',
      'mailpit',
      'migrate',
      'api',
      'worker',
      'app',
    ])
      expect(Object.keys(compose.services)).toContain(service);
    for (const name of ['api', 'worker']) {
      const env = compose.services[name]?.environment as Record<string, string>;
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.QUEUE_BACKEND).toBe('redis');
      expect(environmentNames(compose.services[name] ?? {})).toContain('MIRAI_SECRET_KEY');
    }
    expect(compose.services.redis?.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
    expect(compose.services['kratos-migrate']?.command).toEqual(['migrate', 'sql', '--read-from-env', '--yes']);
  });

  it('`docker compose up -d` still starts only PostgreSQL and Redis on their usual loopback ports', () => {
    const always = Object.entries(compose.services).filter(([, service]) => service.profiles === undefined);
    expect(always.map(([name]) => name)).toEqual(['postgres', 'redis']);
    expect(compose.services.postgres?.ports).toEqual(['127.0.0.1:5432:5432']);
    expect(compose.services.redis?.ports).toEqual(['127.0.0.1:6379:6379']);
  });

  it('rejects an unpinned image, an undeclared volume, an unknown dependency, a missing Dockerfile and undocumented env', () => {
    const broken: ComposeFile = {
      services: {
        cache: { image: 'redis:latest', volumes: ['cache-data:/data'] },
        db: { image: 'postgres' },
        api: {
          build: { context: '.', dockerfile: 'deploy/docker/nope.Dockerfile' },
          depends_on: ['queue'],
          environment: { MIRAI_SECRET_KEY: 'x', DATABSE_URL: 'x' },
        },
      },
    };
    expect(composeProblems(broken, options)).toEqual([
      'cache: image "redis:latest" is not pinned to a version',
      'cache: volume cache-data is not declared under volumes:',
      'db: image "postgres" is not pinned to a version',
      'api: Dockerfile deploy/docker/nope.Dockerfile does not exist',
      'api: depends on unknown service queue',
      'api: DATABSE_URL is not a variable Mirai or its plugins document',
    ]);
  });
});
