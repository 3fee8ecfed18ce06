import { createHash } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { PluginError, type PluginLogger, type StorageProvider, type StoredObjectInfo, type TenantContext } from '@mirai/sdk-plugin';
import { type Client, CopyDestinationOptions, CopySourceOptions } from 'minio';
import { attachmentDisposition } from './content-disposition.ts';
import {
  assertValidContentType,
  assertValidExpiry,
  assertValidFileName,
  assertValidSize,
  MAX_SINGLE_PUT_BYTES,
  objectName,
} from './input-validation.ts';
import type { S3Connections } from './s3-connections.ts';
import { isNotFound, toPluginError } from './s3-errors.ts';
import { parseS3Config, type S3Settings } from './s3-settings.ts';
import { objectPath, presignV4, uriEscape } from './sigv4-presign.ts';

/** User metadata holding the hex SHA-256 the plugin computed while uploading (`x-amz-meta-sha256`). */
export const SHA256_META = 'sha256';
const FALLBACK_CONTENT_TYPE = 'application/octet-stream';
/** S3's limit on the parts of one multipart upload. */
const MAX_PARTS = 10_000;

export interface S3StorageProviderOptions {
  connections: S3Connections;
  logger: PluginLogger;
  /**
   * Streams up to this size (default 8 MiB) are buffered and sent in one PUT with their SHA-256
   * as metadata. Longer ones go up as a multipart upload and get the SHA-256 afterwards, by an
   * in-place copy.
   */
  singlePutLimit?: number;
  /** Part size of multipart uploads (default 16 MiB; S3 wants at least 5 MiB but for the last part). */
  partSize?: number;
}

interface Target {
  settings: S3Settings;
  client: Client;
  name: string;
}

const hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const asBuffer = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads up to `limit` bytes; `rest` is undefined when the stream ended within the limit. */
async function bufferUpTo(body: AsyncIterable<Uint8Array>, limit: number) {
  const iterator = body[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let size = 0;
  while (size <= limit) {
    const next = await iterator.next();
    if (next.done === true) return { head: Buffer.concat(head), rest: undefined };
    head.push(next.value);
    size += next.value.byteLength;
  }
  return { head: Buffer.concat(head), rest: iterator };
}

export function createS3StorageProvider(options: S3StorageProviderOptions): StorageProvider {
  const { connections, logger } = options;
  const singlePutLimit = options.singlePutLimit ?? 8 * 1024 * 1024;
  const partSize = options.partSize ?? 16 * 1024 * 1024;

  function target(key: string, tenant: TenantContext): Target {
    const settings = parseS3Config(tenant.config);
    return { settings, client: connections.client(settings), name: objectName(settings.prefix, tenant.tenantId, key) };
  }

  /** The properly escaped `x-amz-copy-source` (minio's CopySourceOptions uses encodeURI, which leaves `?`, `#`, `+` raw). */
  const copySource = (t: Target, name: string) => `/${t.settings.bucket}/${objectPath(name)}`;

  async function putBuffer(t: Target, key: string, data: Buffer, contentType: string): Promise<StoredObjectInfo> {
    const sha256 = hex(data);
    await t.client.putObject(t.settings.bucket, t.name, data, data.byteLength, {
      'Content-Type': contentType,
      [`x-amz-meta-${SHA256_META}`]: sha256,
    });
    return { key, size: data.byteLength, contentType, sha256, lastModified: new Date() };
  }

  /** Records the SHA-256 on an object stored without it: metadata is set when an upload starts, so a copy onto itself with REPLACE adds it. */
  async function stampSha256(t: Target, contentType: string, sha256: string): Promise<void> {
    try {
      await t.client.copyObject(
        new CopySourceOptions({ Bucket: t.settings.bucket, Object: t.name }),
        new CopyDestinationOptions({
          Bucket: t.settings.bucket,
          Object: t.name,
          MetadataDirective: 'REPLACE',
          UserMetadata: { [SHA256_META]: sha256 },
          Headers: { 'Content-Type': contentType, 'x-amz-copy-source': copySource(t, t.name) },
        }),
      );
    } catch (error) {
      logger.warn('storage-s3: stored the object but could not record its sha256', { key: t.name, error: String(error) });
    }
  }

  /**
   * A stream longer than `singlePutLimit`, as a multipart upload of `partSize` parts, holding one
   * part in memory at a time. Not minio's putObject for streams: that one first looks for an
   * unfinished upload of the same name and resumes it, which mixes up concurrent puts of one key.
   */
  async function putMultipart(t: Target, key: string, head: Buffer, rest: AsyncIterator<Uint8Array>, contentType: string): Promise<StoredObjectInfo> {
    const { client } = t;
    const bucket = t.settings.bucket;
    const hash = createHash('sha256');
    const parts: Array<{ part: number; etag: string }> = [];
    let size = 0;
    const uploadId = await client.initiateNewMultipartUpload(bucket, t.name, { 'Content-Type': contentType });
    const uploadPart = async (data: Buffer) => {
      if (parts.length >= MAX_PARTS)
        throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `The object exceeds ${MAX_PARTS} parts of ${partSize} bytes`);
      const part = parts.length + 1;
      const response = await client.makeRequestAsyncOmit(
        {
          method: 'PUT',
          bucketName: bucket,
          objectName: t.name,
          query: `partNumber=${part}&uploadId=${uriEscape(uploadId)}`,
          headers: { 'Content-Length': data.byteLength, 'Content-MD5': createHash('md5').update(data).digest('base64') },
        },
        data,
      );
      parts.push({ part, etag: String(response.headers.etag ?? '').replace(/^"|"$/g, '') });
    };
    try {
      let pending: Buffer[] = [];
      let pendingSize = 0;
      const take = async (chunk: Uint8Array) => {
        hash.update(chunk);
        size += chunk.byteLength;
        pending.push(asBuffer(chunk));
        pendingSize += chunk.byteLength;
        while (pendingSize >= partSize) {
          const joined = Buffer.concat(pending);
          await uploadPart(joined.subarray(0, partSize));
          pending = [joined.subarray(partSize)];
          pendingSize -= partSize;
        }
      };
      await take(head);
      for (let next = await rest.next(); next.done !== true; next = await rest.next()) await take(next.value);
      if (pendingSize > 0 || parts.length === 0) await uploadPart(Buffer.concat(pending));
      await client.completeMultipartUpload(bucket, t.name, uploadId, parts);
    } catch (error) {
      await client.abortMultipartUpload(bucket, t.name, uploadId).catch(() => undefined);
      throw error;
    }
    const sha256 = hash.digest('hex');
    if (size <= MAX_SINGLE_PUT_BYTES) await stampSha256(t, contentType, sha256);
    return { key, size, contentType, sha256, lastModified: new Date() };
  }

  return {
    async put(key, body, putOptions, tenant) {
      const t = target(key, tenant);
      const contentType = assertValidContentType(putOptions.contentType);
      try {
        await connections.ensureBucket(t.client, t.settings);
        if (body instanceof Uint8Array) return await putBuffer(t, key, asBuffer(body), contentType);
        const { head, rest } = await bufferUpTo(body, singlePutLimit);
        return rest === undefined ? await putBuffer(t, key, head, contentType) : await putMultipart(t, key, head, rest, contentType);
      } catch (error) {
        throw toPluginError(error, `store "${key}"`);
      }
    },

    async get(key, tenant) {
      const t = target(key, tenant);
      let stream: Readable;
      try {
        stream = await t.client.getObject(t.settings.bucket, t.name);
      } catch (error) {
        if (isNotFound(error)) return null;
        throw toPluginError(error, `read "${key}"`);
      }
      // minio answers with the HTTP response itself: its headers describe exactly these bytes.
      if (!(stream instanceof IncomingMessage)) {
        stream.destroy();
        throw new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', 'storage-s3: unexpected response object from the S3 client');
      }
      const { headers } = stream;
      const info: StoredObjectInfo = {
        key,
        size: Number(headerValue(headers['content-length']) ?? 0),
        contentType: headerValue(headers['content-type']) ?? FALLBACK_CONTENT_TYPE,
      };
      const sha256 = headerValue(headers[`x-amz-meta-${SHA256_META}`]);
      if (sha256 !== undefined) info.sha256 = sha256;
      const lastModified = headerValue(headers['last-modified']);
      if (lastModified !== undefined) info.lastModified = new Date(lastModified);
      return { info, body: stream };
    },

    async head(key, tenant) {
      const t = target(key, tenant);
      try {
        const stat = await t.client.statObject(t.settings.bucket, t.name);
        const contentType = stat.metaData['content-type'];
        const sha256 = stat.metaData[SHA256_META];
        const info: StoredObjectInfo = {
          key,
          size: stat.size,
          contentType: typeof contentType === 'string' ? contentType : FALLBACK_CONTENT_TYPE,
          lastModified: stat.lastModified,
        };
        if (typeof sha256 === 'string') info.sha256 = sha256;
        return info;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw toPluginError(error, `inspect "${key}"`);
      }
    },

    async delete(key, tenant) {
      const t = target(key, tenant);
      try {
        await t.client.removeObject(t.settings.bucket, t.name);
      } catch (error) {
        if (isNotFound(error)) return;
        throw toPluginError(error, `delete "${key}"`);
      }
    },

    async copy(fromKey, toKey, tenant) {
      const from = target(fromKey, tenant);
      const to = target(toKey, tenant);
      try {
        // Server-side copy; metadata (content type, sha256) is copied along.
        await from.client.copyObject(from.settings.bucket, to.name, `/${from.settings.bucket}/${from.name}`); // minio escapes it
      } catch (error) {
        if (isNotFound(error)) throw new PluginError('MIRAI_ERR_PLUGIN_NOT_FOUND', `There is no object "${fromKey}" to copy`, { cause: error });
        throw toPluginError(error, `copy "${fromKey}" to "${toKey}"`);
      }
    },

    async presignUpload(input, tenant) {
      const t = target(input.key, tenant);
      const contentType = assertValidContentType(input.contentType);
      const size = assertValidSize(input.size, MAX_SINGLE_PUT_BYTES);
      const expiresInSeconds = assertValidExpiry(input.expiresInSeconds);
      await connections.ensureBucket(t.client, t.settings);
      const date = new Date();
      const headers = { 'Content-Type': contentType, 'Content-Length': String(size) };
      const url = presignV4({
        method: 'PUT',
        endpoint: t.settings.endpoint,
        pathStyle: t.settings.pathStyle,
        bucket: t.settings.bucket,
        objectName: t.name,
        region: t.settings.region,
        accessKey: t.settings.accessKey,
        secretKey: t.settings.secretKey,
        expiresInSeconds,
        signedHeaders: headers,
        date,
      });
      return { url, method: 'PUT', headers, expiresAt: new Date(date.getTime() + expiresInSeconds * 1000) };
    },

    async presignDownload(input, tenant) {
      const t = target(input.key, tenant);
      const expiresInSeconds = assertValidExpiry(input.expiresInSeconds);
      const responseHeaders: Record<string, string> = {};
      if (input.fileName !== undefined) responseHeaders['response-content-disposition'] = attachmentDisposition(assertValidFileName(input.fileName));
      const date = new Date();
      try {
        const url = await t.client.presignedGetObject(t.settings.bucket, t.name, expiresInSeconds, responseHeaders, date);
        return { url, method: 'GET', headers: {}, expiresAt: new Date(date.getTime() + expiresInSeconds * 1000) };
      } catch (error) {
        throw toPluginError(error, `presign a download of "${input.key}"`);
      }
    },
  };
}
