import type { Route } from './model.js';

/** Paths that are public by design: sign-in, sign-up, health and docs. */
export const PUBLIC_PATH = /(^|\/)(login|logout|signin|sign-in|signup|sign-up|register|health\w*|healthz|ready|readyz|live|livez|status|ping|metrics|docs|openapi(\.json|\.ya?ml)?|swagger\w*|redoc|token|refresh|forgot\w*|reset\w*|verify\w*|confirm\w*|public|version|favicon\.ico|callback|oauth\w*)(\/|$|\{)/i;

export function routeLabel(r: Route): string {
  return `${r.method} ${r.path}`;
}

export function hasGuard(r: Route, kind: 'authn' | 'authz' | 'ratelimit'): boolean {
  if (kind === 'authn') return r.guards.some((g) => g.kind === 'authn' || g.kind === 'authz');
  return r.guards.some((g) => g.kind === kind);
}

export const isWrite = (r: Route): boolean => /^(POST|PUT|PATCH|DELETE|ANY)$/.test(r.method);
