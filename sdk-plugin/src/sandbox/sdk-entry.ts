/**
 * What `@mirai/sdk-plugin` resolves to inside the sandbox bundle: every value export of the SDK
 * but the host-only ones (the egress guard and allow lists, which need Node's network APIs, and
 * the engine check). A sandboxed plugin reaches the network only through `context.egress`, which
 * the host guards. `sdk-entry.test.ts` holds this list equal to `../index.ts`.
 */
export {
  answerPatternProblem,
  MAX_ANSWER_PATTERN_LENGTH,
  MAX_SHORT_ANSWER_LENGTH,
  normaliseShortAnswer,
  shortAnswerMatches,
} from '../answer-pattern.ts';
export { isPluginError, PLUGIN_ERROR_CODES, PluginError } from '../errors.ts';
export { MIRAI_EVENT_SCOPES } from '../events.ts';
export { CAPABILITIES, isCapability } from '../extension-points/index.ts';
export { matchRoutePath, STRIPPED_ROUTE_HEADERS } from '../http.ts';
export { endpointFields, secretFields } from '../json-schema.ts';
export { validatePluginDefinition } from '../manifest-validation.ts';
export { blockStorageKeys, isMediaVideoId, MEDIA_EMBED_ORIGINS, mediaEmbedSrc, parseMediaEmbedUrl } from '../media-blocks.ts';
export { definePlugin } from '../plugin-definition.ts';
export { presentedOrder } from '../question-order.ts';
export {
  assertValidContentType,
  assertValidExpiry,
  assertValidFileName,
  assertValidSize,
  assertValidStorageKey,
  assertValidTenantId,
  MAX_PRESIGN_EXPIRES_SECONDS,
  MAX_STORAGE_KEY_BYTES,
} from '../storage-input.ts';
export { PLUGIN_API_VERSION } from '../version.ts';
