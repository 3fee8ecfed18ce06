import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ContentGrant {
  tenantId: string;
  packageId: string;
  expiresAt: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The content origin holds no session: a launch hands the player a path segment naming the
 * package and the time it stops working, signed with a key derived from the instance key. Package
 * files then load with relative URLs below that segment.
 */
export class ContentTokens {
  readonly #key: Buffer;

  constructor(secretKey: Buffer) {
    this.#key = createHmac('sha256', secretKey).update('mirai scorm content v1').digest();
  }

  #sign(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }

  issue(grant: ContentGrant): string {
    const body = `${grant.tenantId}.${grant.packageId}.${Math.floor(grant.expiresAt / 1000)}`;
    return `${body}.${this.#sign(body)}`;
  }

  /** The grant of a well-formed, authentic, unexpired token; otherwise null. */
  verify(token: string, now = Date.now()): ContentGrant | null {
    const [tenantId = '', packageId = '', seconds = '', signature = ''] = token.split('.');
    if (!UUID.test(tenantId) || !UUID.test(packageId) || !/^\d{1,12}$/.test(seconds)) return null;
    const expected = Buffer.from(this.#sign(`${tenantId}.${packageId}.${seconds}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const expiresAt = Number(seconds) * 1000;
    return expiresAt > now ? { tenantId, packageId, expiresAt } : null;
  }
}
