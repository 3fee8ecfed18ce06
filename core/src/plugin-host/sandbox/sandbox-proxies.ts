import type {
  AiProvider,
  Exporter,
  ExportOptions,
  JsonGenerationResult,
  JsonValue,
  TenantContext,
  TextGenerationResult,
  TextStreamEvent,
} from '@mirai/sdk-plugin';
import type { ProvidedDescriptor, SandboxMethod } from '@mirai/sdk-plugin/sandbox';
import type { CallGrant } from './host-bridge.ts';

/** What the host lends one call: what the bridge lets it read, and where its progress frames go. */
export type CallHooks = Omit<CallGrant, 'tenantId'> & { onProgress?: ExportOptions['onProgress'] };

/** One streamed call into the sandbox: yields items (JSON) and chunks (bytes), returns the result. */
export type SandboxInvoke = (
  index: number,
  method: SandboxMethod,
  args: JsonValue[],
  tenant: TenantContext,
  hooks?: CallHooks,
) => AsyncGenerator<JsonValue | Uint8Array, JsonValue>;

async function resultOf(call: AsyncGenerator<JsonValue | Uint8Array, JsonValue>): Promise<JsonValue> {
  for (;;) {
    const next = await call.next();
    if (next.done === true) return next.value;
  }
}

const json = (value: unknown) => value as JsonValue;

/** The host-side AI provider that forwards each call to the sandboxed one. */
export function aiProxy(descriptor: Extract<ProvidedDescriptor, { capability: 'ai' }>, index: number, invoke: SandboxInvoke): AiProvider {
  return {
    label: descriptor.label,
    ...(descriptor.metered === undefined ? {} : { metered: descriptor.metered }),
    ...(descriptor.usesModel === undefined ? {} : { usesModel: descriptor.usesModel }),
    async generateText(request, tenant) {
      return (await resultOf(invoke(index, 'generateText', [json(request)], tenant))) as unknown as TextGenerationResult;
    },
    async generateJson(request, tenant) {
      return (await resultOf(invoke(index, 'generateJson', [json(request)], tenant))) as unknown as JsonGenerationResult;
    },
    async *streamText(request, tenant) {
      for await (const item of invoke(index, 'streamText', [json(request)], tenant)) {
        if (!(item instanceof Uint8Array)) yield item as unknown as TextStreamEvent;
      }
    },
  };
}

/** The host-side exporter: chunks and progress stream from the sandbox; assets are read through the bridge. */
export function exporterProxy(descriptor: Extract<ProvidedDescriptor, { capability: 'exporter' }>, index: number, invoke: SandboxInvoke): Exporter {
  return {
    format: descriptor.format,
    label: descriptor.label,
    mediaType: descriptor.mediaType,
    ...(descriptor.settingsSchema === undefined ? {} : { settingsSchema: descriptor.settingsSchema }),
    async fileName(course) {
      const name = await resultOf(invoke(index, 'fileName', [json(course)], { tenantId: '', config: {} }));
      if (typeof name !== 'string' || name.length === 0 || /[/\\]/.test(name))
        throw new Error(`The sandboxed exporter ${descriptor.format} answered an unusable file name`);
      return name;
    },
    async *export(course, options: ExportOptions, tenant) {
      const hooks = { readAsset: options.readAsset, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) };
      // The sandbox reports progress only to a caller that listens for it.
      const exportOptions = { settings: options.settings, progress: options.onProgress !== undefined };
      for await (const item of invoke(
        index,
        'export',
        [json(course), exportOptions],
        { ...tenant, signal: options.signal ?? tenant.signal },
        hooks,
      )) {
        if (item instanceof Uint8Array) yield item;
      }
    },
  };
}
