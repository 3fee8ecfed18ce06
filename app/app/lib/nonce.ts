import { createContext, useContext } from 'react';

/**
 * The response's CSP nonce, for the scripts Remix renders (`<Scripts>`, `<ScrollRestoration>`).
 * Only the server knows it; in the browser it is empty, which matches what hydration sees because
 * browsers hide a nonce attribute's value once the page is parsed.
 */
export const NonceContext = createContext('');

export function useNonce(): string {
  return useContext(NonceContext);
}
