import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { ValidateFunction } from 'ajv';

type SerializerFactory = SerializerSelector.SerializerFactory;
type Serializer = SerializerSelector.Serializer;
type ValidatorFactory = AjvCompiler.BuildCompilerFromPool;
/** What Fastify passes a validator compiler (the package's own types describe a bare schema). */
interface ValidatedPart {
  method: string;
  url: string;
  httpPart: string;
  schema: unknown;
}
type CompileValidator = (part: ValidatedPart) => ValidateFunction;

/**
 * Fastify's own response serializer factory (fast-json-stringify), except that a route's
 * serializer is built the first time the route answers with that status instead of for every
 * route while the server starts. Building them all up front was about a quarter of an embedded
 * cold start (over a second of CPU for ~200 routes), mostly on routes a process never serves.
 * The function built is the one Fastify would have built: same schema, same options.
 */
export function lazySerializerFactory(build: SerializerFactory = SerializerSelector()): SerializerFactory {
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    return (route) => {
      let serializer: Serializer | undefined;
      return (document: unknown) => {
        serializer ??= compile(route);
        return serializer(document);
      };
    };
  };
}

/**
 * Fastify's own request validator factory (Ajv, with the server's `ajv` options), except that a
 * route's validator is compiled on the route's first request. Fastify reads `schemaEnv` (to let
 * Ajv coerce the whole part) and `errors` from the function it holds, so both are forwarded from
 * the compiled one. Fastify lower-cases the keys of a `headers` schema itself only for its
 * default compiler; no route declares one, and one that does is refused rather than mis-checked.
 */
export function lazyValidatorFactory(build: ValidatorFactory = AjvCompiler()): ValidatorFactory {
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options) as unknown as CompileValidator;
    const compileLazily: CompileValidator = (route) => {
      if (route.httpPart === 'headers')
        throw new Error(`${route.method} ${route.url}: header schemas are not supported (the lazy validator would not lower-case their keys)`);
      let validator: ValidateFunction | undefined;
      const compiled = (): ValidateFunction => {
        validator ??= compile(route);
        return validator;
      };
      const lazy = (...args: Parameters<ValidateFunction>) => compiled()(...args);
      Object.defineProperties(lazy, {
        schemaEnv: { get: () => compiled().schemaEnv },
        errors: { get: () => compiled().errors },
      });
      return lazy as ValidateFunction;
    };
    return compileLazily as unknown as ReturnType<ValidatorFactory>;
  };
}
