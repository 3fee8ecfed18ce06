import { randomBytes } from 'node:crypto';
import { MEDIA_EMBED_ORIGINS } from '@mirai/sdk-plugin/media-blocks';

/** Where the browser talks to besides this app: the API (fetch, websocket, images) and object storage (presigned URLs). */
export interface PolicySources {
  /** The API as browsers reach it (`MIRAI_PUBLIC_API_URL`, else `MIRAI_API_URL`). */
  publicApiUrl: string;
  /** Extra origins browsers upload to and load images from (`MIRAI_APP_STORAGE_ORIGINS`, e.g. an S3 endpoint). */
  storageOrigins: readonly string[];
  /** The SCORM content origin (`MIRAI_CONTENT_ORIGIN`): with the media embed players, the only thing a page may frame. */
  contentOrigin: string;
  /** `vite dev`: HMR needs inline styles and its websocket; scripts still need the nonce. */
  dev: boolean;
}

/** A fresh, unguessable nonce for one response's scripts. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

function originOf(url: string): string {
  return new URL(url).origin;
}

/** The websocket origin matching an http(s) origin (`http://api:8080` → `ws://api:8080`). */
function websocketOrigin(origin: string): string {
  return origin.replace(/^http/, 'ws');
}

/**
 * The page's Content-Security-Policy as a function of the nonce. Everything but the nonce is fixed
 * at start-up, so a request pays only for one string concatenation. Scripts run only from this
 * origin with the response's nonce: no inline handlers, no `javascript:` URLs, no eval.
 */
export function contentSecurityPolicy(sources: PolicySources): (nonce: string) => string {
  const api = originOf(sources.publicApiUrl);
  const storage = sources.storageOrigins.map(originOf);
  const connect = ["'self'", api, websocketOrigin(api), ...storage];
  const images = ["'self'", 'data:', 'blob:', api, ...storage];
  // Lesson recordings and captions play from presigned storage URLs, like images.
  const media = ["'self'", 'blob:', api, ...storage];
  // The SCORM player, and the YouTube/Vimeo players of media blocks (built from a parsed id, sandboxed).
  const frames = [originOf(sources.contentOrigin), ...MEDIA_EMBED_ORIGINS];
  const styles = sources.dev ? ["'self'", "'unsafe-inline'"] : ["'self'"];
  const fixed = [
    "default-src 'self'",
    `connect-src ${connect.join(' ')}`,
    `img-src ${images.join(' ')}`,
    `media-src ${media.join(' ')}`,
    `style-src ${styles.join(' ')}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    `frame-src ${frames.join(' ')}`,
    "worker-src 'self'",
    "manifest-src 'self'",
  ];
  const after = fixed.join('; ');
  return (nonce) => `script-src 'self' 'nonce-${nonce}'; ${after}`;
}

/** Headers every response of the app carries, whatever produced it (pages, data, static files). */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
});

/** Sent only on responses that went out over https (directly or through a trusted proxy). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/** `MIRAI_CONTENT_ORIGIN`: where the API serves imported SCORM packages (the same variable the API reads). */
export function contentOriginFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.MIRAI_CONTENT_ORIGIN ?? 'http://127.0.0.1:8081';
}

/** `MIRAI_APP_STORAGE_ORIGINS`: comma-separated origins of object storage that browsers reach through presigned URLs. */
export function storageOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.MIRAI_APP_STORAGE_ORIGINS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
