/** A value decoded from Stripe's form encoding: `a[b][0][c]=x` becomes `{ a: { b: [{ c: 'x' }] } }`. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

/** Decodes a form-encoded Stripe request body (or query string) into nested objects and arrays. */
export function decodeStripeForm(encoded: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  for (const [name, value] of new URLSearchParams(encoded)) {
    const path = name.split(/\[|\]\[|\]/).filter((part, index) => index === 0 || part !== '');
    let node: Record<string, FormValue> | FormValue[] = root;
    path.forEach((part, index) => {
      const last = index === path.length - 1;
      const key = Array.isArray(node) ? Number(part) : part;
      const container = node as Record<string | number, FormValue>;
      if (last) {
        container[key] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[index + 1] ?? '');
      container[key] ??= nextIsIndex ? [] : {};
      node = container[key] as Record<string, FormValue> | FormValue[];
    });
  }
  return root;
}
