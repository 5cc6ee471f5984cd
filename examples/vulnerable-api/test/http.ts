// Plain-HTTP helpers for the example API tests (Node's fetch, nothing else).

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed body when it is JSON, otherwise undefined. */
  readonly json: any;
}

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as-is with Content-Type: application/json (for malformed bodies). */
  readonly rawJson?: string;
  readonly headers?: Record<string, string>;
}

export async function http(baseUrl: string, method: string, path: string, opts: RequestOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawJson !== undefined || opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = opts.rawJson ?? JSON.stringify(opts.body);
  }
  const res = await fetch(baseUrl + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function login(baseUrl: string, user: { username: string; password: string }): Promise<string> {
  const res = await http(baseUrl, 'POST', '/api/auth/login', { body: user });
  if (res.status !== 200 || typeof res.json?.token !== 'string') throw new Error(`login as ${user.username} failed: ${res.status} ${res.text}`);
  return res.json.token as string;
}

export async function register(baseUrl: string, username: string, extra: Record<string, unknown> = {}): Promise<{ token: string; user: any }> {
  const res = await http(baseUrl, 'POST', '/api/auth/register', {
    body: { username, email: `${username}@example.net`, password: `${username}-Passw0rd-long`, ...extra },
  });
  if (res.status !== 201) throw new Error(`register ${username} failed: ${res.status} ${res.text}`);
  return { token: res.json.token as string, user: res.json.user };
}
