import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { redactUrl, requestLogOptions } from './request-log.ts';

/** A Fastify app logging with the server's options into memory. */
function appLoggingTo(lines: string[]) {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = Fastify({ logger: { ...requestLogOptions('info'), stream } });
  app.get('/*', async () => ({ ok: true }));
  return app;
}

describe('request logs', () => {
  it('never contain a websocket ticket, a storage signature or a credential header', async () => {
    const lines: string[] = [];
    const app = appLoggingTo(lines);
    await app.inject({ method: 'GET', url: '/v1/ws?ticket=c.SECRET-TICKET.x.y', headers: { authorization: 'Bearer SECRET-BEARER' } });
    await app.inject({ method: 'GET', url: '/v1/plugins/storage-fs/objects?tenant=t&key=k&expires=1&sig=SECRET-SIG' });
    await app.inject({ method: 'GET', url: '/bucket/key?X-Amz-Credential=SECRET-AKID%2Fscope&X-Amz-Signature=SECRET-SIGV4&X-Amz-Date=20260101' });
    await app.close();
    const log = lines.join('');
    expect(log).toContain('incoming request');
    expect(log).not.toContain('SECRET');
    expect(log).toContain('/v1/ws?ticket=[redacted]');
    expect(log).toContain('key=k&expires=1&sig=[redacted]');
    expect(log).toContain('X-Amz-Date=20260101');
  });

  it('redacts by parameter name whatever its case or encoding, and leaves other URLs alone', () => {
    expect(redactUrl('/a?Ticket=1&b=2')).toBe('/a?Ticket=[redacted]&b=2');
    expect(redactUrl('/a?x%2Damz%2Dsignature=1')).toBe('/a?x%2Damz%2Dsignature=[redacted]');
    expect(redactUrl('/a?token')).toBe('/a?token=[redacted]');
    expect(redactUrl('/v1/courses?limit=5')).toBe('/v1/courses?limit=5');
    expect(redactUrl('/v1/me')).toBe('/v1/me');
  });
});
