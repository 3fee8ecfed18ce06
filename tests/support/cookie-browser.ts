/**
 * A browser's part in LTI flows without a browser: follows nothing by itself, keeps cookies per
 * origin (ltijs sets its state and session cookies on the tool's origin) and posts HTML forms.
 */
export class CookieBrowser {
  readonly #jar = new Map<string, Map<string, string>>();

  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const cookies = this.#jar.get(origin) ?? new Map<string, string>();
    const headers: Record<string, string> = { ...init.headers };
    if (cookies.size > 0) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (init.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.#jar.set(origin, cookies);
    return response;
  }

  /** Follows redirects (GET) until a page answers. */
  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ url: string; response: Response }> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 10; hops++) {
      current = new URL(String(response.headers.get('location')), current).toString();
      response = await this.request(current);
    }
    return { url: current, response };
  }
}

const unescapeHtml = (text: string) =>
  text.replace(/&(#\d+|quot|amp|lt|gt|#x27|#39);/g, (entity, name: string) =>
    name.startsWith('#x')
      ? String.fromCharCode(Number.parseInt(name.slice(2), 16))
      : name.startsWith('#')
        ? String.fromCharCode(Number(name.slice(1)))
        : (({ quot: '"', amp: '&', lt: '<', gt: '>' } as Record<string, string>)[name] ?? entity),
  );

/** The first form of an auto-posting page: where it posts and its fields. */
export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/i.exec(html)?.[1];
  if (action === undefined) throw new Error(`no form in ${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/i.exec(match[0])?.[1];
    const value = /value="([^"]*)"/i.exec(match[0])?.[1];
    if (name !== undefined && value !== undefined) fields[unescapeHtml(name)] = unescapeHtml(value);
  }
  return { action: unescapeHtml(action), fields };
}
