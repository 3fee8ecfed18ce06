import { fileURLToPath } from 'node:url';

/** Third-party cmi5 courses (see each folder's SOURCE.md); zip them with zipScormFolder. */
export const THIRD_PARTY_CMI5 = {
  catapultMasteryScore: fileURLToPath(new URL('../../../../../tests/fixtures/third-party-cmi5/catapult-masteryscore-responsive/', import.meta.url)),
} as const;
