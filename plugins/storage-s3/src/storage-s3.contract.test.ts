import { defineStorageContract } from '@mirai/sdk-plugin/testing/storage-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3TestHost } from './testing/s3-test-host.ts';

defineStorageContract({ describe, it, expect, beforeAll, afterAll }, 'storage-s3 (s3rver)', async () => (await startS3TestHost()).subject);

// The same contract with every stream above 16 bytes going up as a multipart upload of 1000-byte parts.
defineStorageContract(
  { describe, it, expect, beforeAll, afterAll },
  'storage-s3 (s3rver, multipart streams)',
  async () => (await startS3TestHost({ singlePutLimit: 16, partSize: 1000 })).subject,
);
