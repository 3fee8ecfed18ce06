import { createHash, createHmac } from 'node:crypto';

/**
 * Recomputes the SigV4 signature of a presigned URL the way an S3 server does, from the URL and
 * the headers the client will send. Written from the AWS specification, independently of the
 * plugin's signer, so a shared mistake cannot make both agree.
 */
export interface VerifyInput {
  method: string;
  url: string;
  /** Headers the client sends (any case); `host` is taken from the URL. */
  headers: Record<string, string>;
  secretKey: string;
}

const rfc3986 = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

export function expectedSignature(input: VerifyInput): string {
  const url = new URL(input.url);
  const params = [...url.searchParams.entries()].filter(([name]) => name !== 'X-Amz-Signature');
  const get = (name: string) => url.searchParams.get(name) ?? '';
  const [, date = '', region = '', service = '', terminator = ''] = get('X-Amz-Credential').split('/');

  const canonicalQuery = params
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  // The path as sent: S3 uses the URI-encoded path without normalizing it.
  const canonicalUri = url.pathname;
  const sent = new Map(Object.entries(input.headers).map(([name, value]) => [name.toLowerCase(), value.trim()]));
  sent.set('host', url.host);
  const signedHeaders = get('X-Amz-SignedHeaders').split(';');
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${sent.get(name) ?? ''}\n`).join('');

  const canonicalRequest = [input.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    get('X-Amz-Date'),
    `${date}/${region}/${service}/${terminator}`,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${input.secretKey}`, date), region), service), terminator);
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}
