import { createHmac } from 'node:crypto';
import { hashToken } from './tokens.ts';

/**
 * Tokens of links mailed for one purpose (password reset, change of e-mail, invitation). A token
 * is an HMAC of its row id under a key derived from the instance key and the purpose, so the mail
 * job rebuilds it from the id: it is never stored or queued in clear, and the row keeps only its
 * SHA-256. A token of one purpose is worthless for another.
 */
export class LinkTokens {
  readonly #key: Buffer;

  constructor(secretKey: Buffer, purpose: string) {
    this.#key = createHmac('sha256', secretKey).update(`mirai ${purpose} v1`).digest();
  }

  tokenOf(id: string): string {
    return createHmac('sha256', this.#key).update(id).digest('base64url');
  }

  hashOf(id: string): string {
    return hashToken(this.tokenOf(id));
  }
}
