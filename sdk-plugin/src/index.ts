export {
  answerPatternProblem,
  MAX_ANSWER_PATTERN_LENGTH,
  MAX_SHORT_ANSWER_LENGTH,
  normaliseShortAnswer,
  shortAnswerMatches,
} from './answer-pattern.ts';
export { type AllowRule, addressAllowed, hostAllowed, parseEgressAllowList } from './egress/allow-list.ts';
export { createEgressGuard, type EgressGuardOptions, type PluginEgress } from './egress/egress-guard.ts';
export { isEngineCompatible } from './engine-compatibility.ts';
export { isPluginError, PLUGIN_ERROR_CODES, PluginError, type PluginErrorCode } from './errors.ts';
export { type EventHandler, MIRAI_EVENT_SCOPES, type MiraiEventName, type MiraiEventScope, type MiraiEvents, type PluginEvents } from './events.ts';
export type * from './extension-points/ai.ts';
export type * from './extension-points/auth.ts';
export type * from './extension-points/billing.ts';
export type * from './extension-points/course-document.ts';
export type * from './extension-points/exporter.ts';
export type * from './extension-points/generation-task.ts';
export { CAPABILITIES, type Capability, type ExtensionPoints, isCapability } from './extension-points/index.ts';
export type * from './extension-points/mail.ts';
export type * from './extension-points/storage.ts';
export type { TenantContext } from './extension-points/tenant-context.ts';
export {
  matchRoutePath,
  type PluginHttp,
  type PluginHttpRequest,
  type PluginHttpResponse,
  type PluginRoute,
  type PluginRouteCaller,
  STRIPPED_ROUTE_HEADERS,
} from './http.ts';
export { endpointFields, type JsonObject, type JsonSchema, type JsonValue, secretFields } from './json-schema.ts';
export { validatePluginDefinition } from './manifest-validation.ts';
export { blockStorageKeys, isMediaVideoId, MEDIA_EMBED_ORIGINS, mediaEmbedSrc, parseMediaEmbedUrl } from './media-blocks.ts';
export {
  definePlugin,
  type PluginContext,
  type PluginDefinition,
  type PluginLogger,
  type PluginStateStore,
  type TransactionalStateStore,
} from './plugin-definition.ts';
export { presentedOrder } from './question-order.ts';
export {
  assertValidContentType,
  assertValidExpiry,
  assertValidFileName,
  assertValidSize,
  assertValidStorageKey,
  assertValidTenantId,
  MAX_PRESIGN_EXPIRES_SECONDS,
  MAX_STORAGE_KEY_BYTES,
} from './storage-input.ts';
export { PLUGIN_API_VERSION } from './version.ts';
