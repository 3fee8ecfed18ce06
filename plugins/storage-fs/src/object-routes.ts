import { isPluginError, type PluginHttpRequest, type PluginHttpResponse, type PluginRoute } from '@mirai/sdk-plugin';
import { attachmentDisposition, isActiveContent } from './content-disposition.ts';
import type { FsObjectStore } from './fs-object-store.ts';
import { assertValidContentType, assertValidFileName, assertValidKey, assertValidTenantId } from './input-validation.ts';
import { grantSignatureMatches, type UrlGrant } from './url-signing.ts';

export interface ObjectRoutesDeps {
  store: FsObjectStore;
  signingKey: () => Promise<Buffer>;
  maxUploadBytes: number;
}

const problem = (status: number, title: string, detail: string): PluginHttpResponse => ({
  status,
  headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
  body: JSON.stringify({ type: 'about:blank', title, status, detail }),
});

const forbidden = (detail: string) => problem(403, 'The signed URL is not valid', detail);
const UNIX_SECONDS = /^\d{1,12}$/;
const DECIMAL = /^\d{1,16}$/;

/**
 * Reads the grant a signed URL carries and checks its signature and expiry. Returns the grant,
 * or the 403 to answer: a URL that is malformed, tampered with or expired grants nothing.
 */
async function verifiedGrant(
  request: PluginHttpRequest,
  method: UrlGrant['method'],
  signingKey: () => Promise<Buffer>,
): Promise<UrlGrant | PluginHttpResponse> {
  const { tenant, key, expires, size, type, name, sig } = request.query;
  if (tenant === undefined || key === undefined || expires === undefined || sig === undefined || !UNIX_SECONDS.test(expires))
    return forbidden('The URL lacks its tenant, key, expiry or signature');
  const grant: UrlGrant = { method, tenant, key, expires: Number(expires) };
  if (method === 'PUT') {
    if (size === undefined || type === undefined || !DECIMAL.test(size)) return forbidden('The upload URL lacks its size or content type');
    grant.size = Number(size);
    grant.type = type;
  }
  if (name !== undefined) grant.name = name;

  if (!grantSignatureMatches(await signingKey(), grant, sig)) return forbidden('The signature does not match the URL');
  if (Date.now() > grant.expires * 1000) return forbidden('The URL has expired');
  return grant;
}

/** Re-checks what the signature covers, in case a key was signed by an older, laxer version. */
function invalidGrant(grant: UrlGrant): PluginHttpResponse | null {
  try {
    assertValidTenantId(grant.tenant);
    assertValidKey(grant.key);
    if (grant.type !== undefined) assertValidContentType(grant.type);
    if (grant.name !== undefined) assertValidFileName(grant.name);
    return null;
  } catch (error) {
    if (isPluginError(error)) return problem(400, 'The signed URL names an invalid object', error.message);
    throw error;
  }
}

function storeFailure(error: unknown): PluginHttpResponse {
  if (isPluginError(error) && error.code === 'MIRAI_ERR_PLUGIN_CONFLICT') return problem(409, 'The key clashes with another object', error.message);
  if (isPluginError(error) && error.code === 'MIRAI_ERR_PLUGIN_FORBIDDEN') return problem(403, 'The key is not accessible', error.message);
  throw error;
}

async function handleUpload(request: PluginHttpRequest, deps: ObjectRoutesDeps): Promise<PluginHttpResponse> {
  const grant = await verifiedGrant(request, 'PUT', deps.signingKey);
  if ('status' in grant) return grant;
  const invalid = invalidGrant(grant);
  if (invalid !== null) return invalid;
  const size = grant.size ?? 0;
  const contentType = grant.type ?? '';

  if (request.headers['content-type'] !== contentType)
    return problem(400, 'Wrong Content-Type', `The upload must be sent with Content-Type: ${contentType}, the type it was signed for`);
  const declared = request.headers['content-length'];
  const received = request.rawBody.byteLength;
  if (received > size || received > deps.maxUploadBytes || (declared !== undefined && Number(declared) > size))
    return problem(413, 'The upload is larger than signed', `The upload must be exactly ${size} bytes`);
  if (received < size || (declared !== undefined && Number(declared) !== size))
    return problem(400, 'The upload is smaller than signed', `The upload must be exactly ${size} bytes; received ${received}`);

  try {
    const info = await deps.store.write(grant.tenant, grant.key, request.rawBody, contentType);
    return {
      status: 200,
      headers: { 'content-type': 'application/json', etag: `"${info.sha256 ?? ''}"`, 'cache-control': 'no-store' },
      body: JSON.stringify({ key: info.key, size: info.size, contentType: info.contentType, sha256: info.sha256 }),
    };
  } catch (error) {
    return storeFailure(error);
  }
}

async function handleDownload(request: PluginHttpRequest, deps: ObjectRoutesDeps): Promise<PluginHttpResponse> {
  const grant = await verifiedGrant(request, 'GET', deps.signingKey);
  if ('status' in grant) return grant;
  const invalid = invalidGrant(grant);
  if (invalid !== null) return invalid;

  let object: Awaited<ReturnType<FsObjectStore['read']>>;
  try {
    object = await deps.store.read(grant.tenant, grant.key);
  } catch (error) {
    return storeFailure(error);
  }
  if (object === null) return problem(404, 'No such object', `There is no object "${grant.key}"`);

  const { info, body } = object;
  const headers: Record<string, string> = {
    'content-type': info.contentType,
    'content-length': String(info.size),
    'cache-control': 'private, no-cache',
    'x-content-type-options': 'nosniff',
  };
  if (info.sha256 !== undefined) headers.etag = `"${info.sha256}"`;
  if (info.lastModified !== undefined) headers['last-modified'] = info.lastModified.toUTCString();
  if (grant.name !== undefined) headers['content-disposition'] = attachmentDisposition(grant.name);
  if (isActiveContent(info.contentType)) headers['content-security-policy'] = "sandbox; default-src 'none'";
  return { status: 200, headers, body };
}

/** `PUT /objects/*` and `GET /objects/*`: the targets of the URLs the provider signs. The path is cosmetic; the signed query decides. */
export function objectRoutes(deps: ObjectRoutesDeps): PluginRoute[] {
  return [
    { method: 'PUT', path: '/objects/*', bodyLimit: deps.maxUploadBytes, handler: (request) => handleUpload(request, deps) },
    { method: 'GET', path: '/objects/*', handler: (request) => handleDownload(request, deps) },
  ];
}
