import { createRemoteJWKSet, customFetch, errors, type JWTPayload, jwtVerify } from 'jose';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { LtiPlatform } from './lti.entity.ts';
import { CLAIM, LTI_VERSION, MESSAGE_TYPES, type MessageType, stringClaim } from './lti-claims.ts';

export interface VerifiedLaunch {
  payload: JWTPayload & Record<string, unknown>;
  sub: string;
  messageType: MessageType;
  deploymentId: string;
}

const refuse = (reason: string, cause?: unknown) =>
  new MiraiError('MIRAI_ERR_LTI_LAUNCH_INVALID', `The LTI launch was refused: ${reason}`, { cause, extensions: { reason } });

/** Why jose refused a token, in the words the problem reports. */
function joseReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return error.claim === 'iat' ? 'the id_token was issued too long ago (iat)' : 'the id_token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} is not valid (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the id_token signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of the platform's JWKS matches the id_token";
  if (error instanceof errors.JWKSTimeout) return "the platform's JWKS did not answer in time";
  if (error instanceof errors.JOSEError) return `the id_token is not valid (${error.code})`;
  // A refused or failed fetch of the JWKS (the egress guard, DNS, a non-JSON answer).
  return "the platform's JWKS could not be fetched";
}

/**
 * Verifies a launch's id_token (LTI 1.3 core 5.1.3): signature against the platform's JWKS,
 * iss, aud (azp when several audiences), exp/iat, the nonce the login state holds, a registered
 * deployment, a supported message type and version 1.3.0.
 */
export class IdTokenVerifier {
  // One key set per JWKS URL: jose caches keys and refetches on an unknown kid (rotation).
  readonly #keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  readonly #fetch: typeof globalThis.fetch;

  /** `fetch` reaches the platforms' JWKS URLs: the egress guard's, since organisations choose them. */
  constructor(fetch: typeof globalThis.fetch) {
    this.#fetch = fetch;
  }

  #keySet(url: string) {
    let keySet = this.#keySets.get(url);
    if (keySet === undefined) {
      keySet = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000, [customFetch]: this.#fetch });
      this.#keySets.set(url, keySet);
    }
    return keySet;
  }

  async verify(platform: LtiPlatform, idToken: string, nonce: string): Promise<VerifiedLaunch> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, this.#keySet(platform.jwksUrl), {
        issuer: platform.issuer,
        audience: platform.clientId,
        algorithms: ['RS256', 'RS384', 'RS512'],
        requiredClaims: ['iat', 'exp', 'nonce', 'sub'],
        maxTokenAge: '10m',
        clockTolerance: 30,
      }));
    } catch (error) {
      throw refuse(joseReason(error), error);
    }
    const claims = payload as JWTPayload & Record<string, unknown>;
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) throw refuse('azp is not this tool’s client id');
    if (claims.nonce !== nonce) throw refuse('the nonce does not match the login');
    const deploymentId = stringClaim(claims, CLAIM.deploymentId);
    if (deploymentId === undefined || !platform.deploymentIds.includes(deploymentId)) throw refuse('the deployment id is not registered');
    const claimed = stringClaim(claims, CLAIM.messageType);
    const messageType = MESSAGE_TYPES.find((type) => type === claimed);
    if (messageType === undefined) throw refuse(`message type ${claimed ?? '(none)'} is not supported`);
    if (claims[CLAIM.version] !== LTI_VERSION) throw refuse('the LTI version is not 1.3.0');
    const sub = payload.sub;
    if (sub === undefined || sub === '') throw refuse('the launch has no sub');
    return { payload: claims, sub, messageType, deploymentId };
  }
}
