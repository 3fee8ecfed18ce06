import { createEgressGuard } from '@mirai/sdk-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LtiPlatform } from './lti.entity.ts';
import { IdTokenVerifier } from './lti-id-token.ts';
import { TestPlatform } from './testing/test-platform.ts';

let platform: TestPlatform;
let registration: LtiPlatform;

beforeAll(async () => {
  platform = await TestPlatform.start();
  registration = {
    id: crypto.randomUUID(),
    tenantId: crypto.randomUUID(),
    name: 'Loopback',
    issuer: platform.issuer,
    clientId: platform.clientId,
    deploymentIds: [platform.deploymentId],
    authLoginUrl: platform.urls.authLoginUrl,
    jwksUrl: platform.urls.jwksUrl,
    tokenUrl: platform.urls.tokenUrl,
    createdAt: new Date(),
  };
});
afterAll(() => platform.close());

describe('platform JWKS fetches go through the egress guard', () => {
  it('refuses a launch whose platform JWKS is on a loopback address the operator did not allow', async () => {
    const verifier = new IdTokenVerifier(createEgressGuard().fetch);
    const token = await platform.idToken('n-1');
    await expect(verifier.verify(registration, token, 'n-1')).rejects.toMatchObject({
      code: 'MIRAI_ERR_LTI_LAUNCH_INVALID',
      extensions: { reason: "the platform's JWKS could not be fetched" },
    });
  });

  it('verifies the same launch once MIRAI_EGRESS_ALLOW admits the address', async () => {
    const verifier = new IdTokenVerifier(createEgressGuard({ allow: '127.0.0.1' }).fetch);
    const launch = await verifier.verify(registration, await platform.idToken('n-2'), 'n-2');
    expect(launch).toMatchObject({ messageType: 'LtiResourceLinkRequest', deploymentId: platform.deploymentId });
  });
});
