import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { lazySerializerFactory, lazyValidatorFactory } from './lazy-schema-compilers.ts';

/** A server with the lazy compilers over Fastify's own, counting what they compile. */
async function server() {
  const compiled = { validators: 0, serializers: 0 };
  const validators = AjvCompiler();
  const serializers = SerializerSelector();
  const app = Fastify({
    ajv: { customOptions: { removeAdditional: false, allErrors: true } },
    schemaController: {
      compilersFactory: {
        buildValidator: lazyValidatorFactory((external, options) => {
          const compile = validators(external, options);
          return (schema) => {
            compiled.validators++;
            return compile(schema);
          };
        }),
        buildSerializer: lazySerializerFactory((external, options) => {
          const compile = serializers(external, options);
          return (route) => {
            compiled.serializers++;
            return compile(route);
          };
        }),
      },
    },
  });
  app.post(
    '/items/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
        body: { type: 'object', properties: { name: { type: 'string', minLength: 2 }, size: { type: 'integer' } }, required: ['name', 'size'] },
        response: { 200: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } } },
      },
    },
    async (request) => ({ ...(request.body as object), id: (request.params as { id: number }).id, secret: 'not in the schema' }),
  );
  await app.ready();
  return { app, compiled };
}

describe('lazy schema compilers', () => {
  it('compile nothing while the server starts, each schema once on first use', async () => {
    const { app, compiled } = await server();
    expect(compiled).toEqual({ validators: 0, serializers: 0 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await app.inject({ method: 'POST', url: '/items/7', payload: { name: 'box', size: 3 } });
      expect(response.statusCode).toBe(200);
      // Coerced by Ajv (params), filtered by fast-json-stringify (response), as with Fastify's defaults.
      expect(response.json()).toEqual({ id: 7, name: 'box' });
    }
    expect(compiled).toEqual({ validators: 2, serializers: 1 });
    await app.close();
  });

  it('report every invalid field, as the eager validator does', async () => {
    const { app } = await server();
    const response = await app.inject({ method: 'POST', url: '/items/7', payload: { name: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('body/name must NOT have fewer than 2 characters');
    expect(response.json().message).toContain("body must have required property 'size'");
    await app.close();
  });

  it('refuse a header schema, whose keys Fastify would only lower-case for its default compiler', async () => {
    const app = Fastify({ schemaController: { compilersFactory: { buildValidator: lazyValidatorFactory() } } });
    app.get('/h', { schema: { headers: { type: 'object', properties: { 'X-Thing': { type: 'string' } } } } }, async () => 'ok');
    await expect(app.ready()).rejects.toThrow('header schemas are not supported');
  });
});
