import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 query-string presigning ("presigned URL") for one S3 request, with
 * extra headers bound into the signature.
 *
 * Why this exists: minio's `presignedUrl()` signs only `host`; its signer deliberately drops
 * `content-type` and `content-length` from the signed headers (see `getSignedHeaders` in
 * minio/src/signing.ts). A presigned PUT from minio therefore accepts any size and any type.
 * Signing those two headers, as the AWS SDK's presigner does when given ContentType and
 * ContentLength, makes S3 (and MinIO, Ceph, R2...) refuse an upload whose Content-Type or
 * Content-Length differs from what was signed (403 SignatureDoesNotMatch). minio's POST-policy
 * presigning can bind an exact `content-length-range`, but it is a multipart/form-data POST with
 * form fields, which the SDK's `PresignedRequest` (a PUT or GET with headers) cannot express.
 *
 * The output is byte-for-byte what minio's `presignedUrl()` produces when no extra header is
 * signed (the tests check this), so the URL shape, path encoding and credential scope match the
 * client used for every other call.
 */
export interface PresignV4Input {
  method: 'PUT' | 'GET';
  endpoint: URL;
  pathStyle: boolean;
  bucket: string;
  objectName: string;
  region: string;
  accessKey: string;
  secretKey: string;
  expiresInSeconds: number;
  /** Headers the request must carry, bound into the signature (names case-insensitive). `host` is always signed. */
  signedHeaders?: Record<string, string>;
  date: Date;
}

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** RFC 3986 percent-encoding as SigV4 wants it: everything but `A-Za-z0-9-._~`. */
export function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An object name in a URL path: each segment escaped, `/` kept. */
export const objectPath = (objectName: string) => objectName.split('/').map(uriEscape).join('/');

/** `20260102T030405Z` */
export const amzDate = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

export function signingKey(secretKey: string, date: Date, region: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretKey}`, amzDate(date).slice(0, 8)), region), 's3'), 'aws4_request');
}

export function presignV4(input: PresignV4Input): string {
  // As minio does: a dotted bucket over https stays path-style (wildcard certificates cover one label).
  const virtualHost = !input.pathStyle && !(input.endpoint.protocol === 'https:' && input.bucket.includes('.'));
  const host = virtualHost ? `${input.bucket}.${input.endpoint.host}` : input.endpoint.host;
  const path = virtualHost ? `/${objectPath(input.objectName)}` : `/${input.bucket}/${objectPath(input.objectName)}`;
  const longDate = amzDate(input.date);
  const scope = `${longDate.slice(0, 8)}/${input.region}/s3/aws4_request`;

  const headers = new Map<string, string>([['host', host]]);
  for (const [name, value] of Object.entries(input.signedHeaders ?? {})) headers.set(name.toLowerCase(), value.trim().replace(/\s+/g, ' '));
  const headerNames = [...headers.keys()].sort();
  const signedHeaderList = headerNames.join(';');

  const query: Array<[string, string]> = [
    ['X-Amz-Algorithm', SIGV4_ALGORITHM],
    ['X-Amz-Credential', `${input.accessKey}/${scope}`],
    ['X-Amz-Date', longDate],
    ['X-Amz-Expires', String(input.expiresInSeconds)],
    ['X-Amz-SignedHeaders', signedHeaderList],
  ];
  const canonicalQuery = query
    .map(([name, value]) => `${uriEscape(name)}=${uriEscape(value)}`)
    .sort()
    .join('&');

  const canonicalRequest = [
    input.method,
    path,
    canonicalQuery,
    `${headerNames.map((name) => `${name}:${headers.get(name) ?? ''}`).join('\n')}\n`,
    signedHeaderList,
    UNSIGNED_PAYLOAD,
  ].join('\n');
  const stringToSign = [SIGV4_ALGORITHM, longDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(input.secretKey, input.date, input.region))
    .update(stringToSign)
    .digest('hex');

  return `${input.endpoint.protocol}//${host}${path}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}
