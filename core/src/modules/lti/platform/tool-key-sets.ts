import { createRemoteJWKSet, customFetch, decodeJwt, errors } from 'jose';

/** The tools' public key sets, one per JWKS URL: jose caches keys and refetches on an unknown kid (rotation). */
export class ToolKeySets {
  readonly #sets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  readonly #fetch: typeof globalThis.fetch;

  /** `fetch` reaches the tools' JWKS URLs: the egress guard's, since organisations choose them. */
  constructor(fetch: typeof globalThis.fetch) {
    this.#fetch = fetch;
  }

  of(url: string): ReturnType<typeof createRemoteJWKSet> {
    let set = this.#sets.get(url);
    if (set === undefined) {
      set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000, [customFetch]: this.#fetch });
      this.#sets.set(url, set);
    }
    return set;
  }
}

/** The unverified issuer of a JWT, to find whose keys verify it; null when it is not a JWT. */
export function claimedIssuer(jwt: string): string | null {
  try {
    const iss = decodeJwt(jwt).iss;
    return typeof iss === 'string' ? iss : null;
  } catch {
    return null;
  }
}

/** Why jose refused a tool's JWT, in the words a problem reports. */
export function joseRefusal(error: unknown): string {
  if (error instanceof errors.JWTExpired) return error.claim === 'iat' ? 'the JWT was issued too long ago (iat)' : 'the JWT has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} is not valid (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the JWT signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of the tool's JWKS matches the JWT";
  if (error instanceof errors.JOSEError) return `the JWT is not valid (${error.code})`;
  return "the tool's JWKS could not be fetched";
}
