/**
 * The scope guard: the set of origins a scan may contact. The client asks it before every request
 * and every redirect hop, so nothing outside scope is ever connected to.
 */

/** `host` or `host:port` (lower case) of a URL, or undefined when it is not http(s). */
function hostKey(u: URL): { host: string; hostPort: string } | undefined {
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  const host = u.hostname.toLowerCase();
  return { host, hostPort: `${host}:${port}` };
}

export class ScopeGuard {
  private readonly origins = new Set<string>();
  private readonly hostPorts = new Set<string>();
  private readonly hosts = new Set<string>();
  /** The target's origin, e.g. `http://127.0.0.1:8080`. */
  readonly targetOrigin: string;

  /**
   * @param target the target base URL; its origin is in scope.
   * @param extra `--scope` values: `host` (any port, any scheme) or `host:port`, or a full origin.
   */
  constructor(target: string, extra: readonly string[] = []) {
    const t = new URL(target);
    this.targetOrigin = t.origin;
    this.origins.add(t.origin);
    for (const raw of extra) {
      const s = raw.trim().toLowerCase();
      if (!s) continue;
      if (/^https?:\/\//.test(s)) {
        this.origins.add(new URL(s).origin);
      } else if (/:\d+$/.test(s) && !s.startsWith('[')) {
        this.hostPorts.add(s);
      } else if (/^\[.*\]:\d+$/.test(s)) {
        this.hostPorts.add(s);
      } else {
        this.hosts.add(s.replace(/^\[|\]$/g, ''));
      }
    }
  }

  /** True when a request to `url` may be sent. */
  allows(url: string | URL): boolean {
    let u: URL;
    try {
      u = typeof url === 'string' ? new URL(url) : url;
    } catch {
      return false;
    }
    const k = hostKey(u);
    if (!k) return false;
    if (this.origins.has(u.origin)) return true;
    if (this.hostPorts.has(k.hostPort)) return true;
    const bare = k.host.replace(/^\[|\]$/g, '');
    return this.hosts.has(bare) || this.hosts.has(k.host);
  }

  /** A description for errors and the report. */
  describe(): string {
    return [...this.origins, ...this.hostPorts, ...this.hosts].join(', ');
  }
}
