import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.ts';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, and never seals the same text the same way twice', () => {
    const sealed = box.seal('{"apiKey":"sk-1"}', 'tenant-1:ai-gemini');
    expect(box.open(sealed, 'tenant-1:ai-gemini')).toBe('{"apiKey":"sk-1"}');
    expect(box.seal('{"apiKey":"sk-1"}', 'tenant-1:ai-gemini')).not.toBe(sealed);
    expect(sealed).not.toContain('sk-1');
  });

  it('refuses a ciphertext moved to another tenant or plugin, tampered, or sealed with another key', () => {
    const sealed = box.seal('secret', 'tenant-1:ai-gemini');
    expect(() => box.open(sealed, 'tenant-2:ai-gemini')).toThrow();
    const parts = sealed.split('.');
    const tampered = [...parts.slice(0, 3), Buffer.from('tampered').toString('base64url')].join('.');
    expect(() => box.open(tampered, 'tenant-1:ai-gemini')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'tenant-1:ai-gemini')).toThrow();
  });
});
