import type { SpecOperation } from './define.js';
import type { Route } from './model.js';

const shape = (p: string): string => (p.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '') || '/').toLowerCase();

/** True when a route implements a spec operation (same method, same path shape, optionally under a server base path). */
export function routeMatches(r: Route, op: SpecOperation): boolean {
  if (r.method !== 'ANY' && r.method !== op.method.toUpperCase()) return false;
  if (r.staticPrefix !== undefined) {
    for (const base of ['', ...op.basePaths]) if (`${base.replace(/\/+$/, '')}${op.path}`.startsWith(`${r.staticPrefix}/`)) return true;
    return false;
  }
  const rp = shape(r.path);
  for (const base of ['', ...op.basePaths]) {
    const b = base.replace(/\/+$/, '');
    if (shape(`${b}${op.path}`) === rp) return true;
  }
  return false;
}
