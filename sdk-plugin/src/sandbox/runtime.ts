import { isPluginError } from '../errors.ts';
import type { ExportOptions } from '../extension-points/exporter.ts';
import type { JsonObject, JsonValue } from '../json-schema.ts';
import type { PluginDefinition } from '../plugin-definition.ts';
import { type FramePart, frameStream } from './frame-stream.ts';
import {
  encodeBytesFrame,
  jsonFrameText,
  type SandboxCall,
  type SandboxManifest,
  type SandboxRegister,
  type SandboxRegistration,
} from './protocol.ts';
import { callScope, describeProvided, type HostBinding, type Provided, postToHost, sandboxContext } from './sandbox-context.ts';

/**
 * One call's answer as frames; the plugin's own errors become an error frame with their code.
 * `aside` sends a frame at once, between the ones yielded (an export's progress, reported whenever the plugin calls it).
 */
async function* answer(
  entry: Provided,
  call: SandboxCall,
  host: HostBinding,
  signal: AbortSignal,
  aside: (frame: FramePart) => void,
): AsyncGenerator<FramePart> {
  const tenant = { ...call.tenant, signal };
  const [first, second] = call.args;
  try {
    if (entry.capability === 'ai') {
      const ai = entry.implementation;
      const request = first as unknown as Parameters<typeof ai.generateText>[0];
      if (call.method === 'streamText') {
        for await (const event of ai.streamText(request, tenant))
          yield event.type === 'delta' ? { textDelta: event.text } : jsonFrameText({ type: 'item', value: event as unknown as JsonValue });
        yield jsonFrameText({ type: 'result', value: null });
        return;
      }
      if (call.method === 'generateText' || call.method === 'generateJson') {
        const value = call.method === 'generateText' ? await ai.generateText(request, tenant) : await ai.generateJson(first as never, tenant);
        yield jsonFrameText({ type: 'result', value: value as unknown as JsonValue });
        return;
      }
    } else {
      const exporter = entry.implementation;
      const course = first as unknown as Parameters<typeof exporter.export>[0];
      if (call.method === 'fileName') {
        yield jsonFrameText({ type: 'result', value: await exporter.fileName(course) });
        return;
      }
      if (call.method === 'export') {
        const wanted = (second ?? {}) as { settings?: ExportOptions['settings']; progress?: boolean };
        const options: ExportOptions = {
          settings: wanted.settings ?? {},
          signal,
          readAsset: async (storageKey) => {
            const response = await postToHost(host, call.token, { op: 'asset', storageKey });
            return response.status === 404 ? null : new Uint8Array(await response.arrayBuffer());
          },
          // In the answer, not a callback to the host: no round trip per report, and in order with the chunks.
          ...(wanted.progress === true
            ? {
                onProgress: (progress) =>
                  aside(jsonFrameText({ type: 'progress', percent: Number(progress.percent), message: String(progress.message) })),
              }
            : {}),
        };
        for await (const chunk of exporter.export(course, options, tenant)) yield encodeBytesFrame(chunk);
        yield jsonFrameText({ type: 'result', value: null });
        return;
      }
    }
    yield jsonFrameText({ type: 'error', code: 'MIRAI_ERR_PLUGIN_SANDBOX_REFUSED', message: `No method "${call.method}" on ${entry.capability}` });
  } catch (error) {
    const code = isPluginError(error) ? error.code : 'MIRAI_ERR_PLUGIN_CALL_FAILED';
    yield jsonFrameText({ type: 'error', code, message: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * The worker a sandboxed plugin runs as (the bundle's default export): `POST /describe` answers
 * what the definition declares, `POST /register` runs register and start with the operator's
 * settings and describes what was provided; `POST /call` streams one call's frames.
 */
export function serveSandboxedPlugin(definition: PluginDefinition): { fetch(request: Request, env: { HOST: HostBinding }): Promise<Response> } {
  const provided: Provided[] = [];
  let registered: Promise<void> | undefined;
  const register = (host: HostBinding, token: string, instanceConfig: JsonObject) => {
    registered ??= (async () => {
      const context = sandboxContext(definition, host, provided, token, instanceConfig);
      await definition.register(context);
      await definition.start?.(context);
    })();
    return registered;
  };
  return {
    async fetch(request, env) {
      const path = new URL(request.url).pathname;
      try {
        if (path === '/describe') {
          const { name, version, engine, capabilities, configSchema, instanceConfigSchema } = definition;
          const manifest: SandboxManifest = { name, version, engine, capabilities };
          if (configSchema !== undefined) manifest.configSchema = configSchema;
          if (instanceConfigSchema !== undefined) manifest.instanceConfigSchema = instanceConfigSchema;
          return Response.json(manifest);
        }
        if (path === '/register') {
          const { token, instanceConfig } = (await request.json()) as SandboxRegister;
          await register(env.HOST, token, instanceConfig);
          const registration: SandboxRegistration = { provided: provided.map(describeProvided) };
          return Response.json(registration);
        }
        if (path !== '/call') return new Response('not found', { status: 404 });
        const call = (await request.json()) as SandboxCall;
        await register(env.HOST, call.token, call.instanceConfig);
        const entry = provided[call.index];
        if (entry === undefined) return new Response(`nothing provided at ${call.index}`, { status: 404 });
        const controller = new AbortController();
        let aside: (frame: FramePart) => void = () => undefined;
        const frames = answer(entry, call, env.HOST, controller.signal, (frame) => aside(frame));
        const body = frameStream(
          frames,
          (produce) => void callScope.run({ token: call.token }, produce),
          (reason) => {
            controller.abort(reason);
            void frames.return(undefined);
          },
          (send) => {
            aside = send;
          },
        );
        return new Response(body, { headers: { 'content-type': 'application/octet-stream' } });
      } catch (error) {
        const code = isPluginError(error) ? error.code : 'MIRAI_ERR_PLUGIN_CALL_FAILED';
        return new Response(error instanceof Error ? error.message : String(error), { status: 500, headers: { 'x-mirai-error-code': code } });
      }
    },
  };
}
