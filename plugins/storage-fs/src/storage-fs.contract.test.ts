import { defineStorageContract } from '@mirai/sdk-plugin/testing/storage-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFsTestHost } from './testing/fs-test-host.ts';

defineStorageContract({ describe, it, expect, beforeAll, afterAll }, 'storage-fs', async () => (await startFsTestHost()).subject);
