import { randomBytes } from 'node:crypto';

/** URL-friendly, unique-enough tenant slug: `acme-training-3f9a1c`. */
export function tenantSlug(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base === '' ? 'org' : base}-${randomBytes(3).toString('hex')}`;
}
