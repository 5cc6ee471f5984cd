import * as crypto from 'node:crypto';
import type { Finding, Location } from './finding.js';

/** Collapse white space so reformatting a line does not change its fingerprint. */
function normalizeSnippet(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * The part of a location that identifies it across runs. Line numbers are used only when no snippet
 * is known, so a finding keeps its fingerprint when lines above it move. Hosts and ports are left out
 * of HTTP locations (a scan of the same API on another port is the same finding).
 */
export function locationKey(loc: Location): string {
  switch (loc.kind) {
    case 'http':
      return ['http', loc.method.toUpperCase(), loc.path, loc.parameter ? `${loc.parameter.in}:${loc.parameter.name}` : ''].join('|');
    case 'file':
      return ['file', loc.file, loc.snippet !== undefined ? normalizeSnippet(loc.snippet) : `L${loc.startLine}`].join('|');
    case 'spec':
      // A template, not a joined array: thousands of spec findings per audit.
      return `spec|${loc.file}|${loc.pointer}`;
    case 'log':
      return ['log', loc.file].join('|');
  }
}

/** The check id and file of the last spec fingerprint, and the start of its hashed text. */
let specCheckId: string | undefined;
let specFile: string | undefined;
let specPrefix = '';

/**
 * A stable fingerprint: check id + normalized location + an optional discriminator `key` (e.g. the
 * header name, a hash of the secret, or an incident's principal).
 *
 * @example
 * fingerprint('scan/cors-any-origin', { kind: 'http', method: 'GET', path: '/users', url }); // 'c3a1…'
 */
export function fingerprint(checkId: string, loc: Location, key = ''): string {
  // Spec locations (thousands per audit, one check and file after the other): the same text as with
  // locationKey, its start joined once per check and file.
  if (loc.kind === 'spec') {
    if (checkId !== specCheckId || loc.file !== specFile) {
      specCheckId = checkId;
      specFile = loc.file;
      specPrefix = `${checkId}\nspec|${loc.file}|`;
    }
    return sha256Hex(`${specPrefix}${loc.pointer}\n${key}`).slice(0, 32);
  }
  return sha256Hex(`${checkId}\n${locationKey(loc)}\n${key}`).slice(0, 32);
}

/** SHA-256 of a string in hex: the one-shot `crypto.hash` where Node has it (no Hash object per call). */
const sha256Hex: (s: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (s) => (crypto as unknown as { hash(alg: string, data: string, enc: 'hex'): string }).hash('sha256', s, 'hex')
    : (s) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * Give findings that share a fingerprint distinct ones: the same check on two lines of one file
 * with the same text (a copied query in two handlers) are two findings, not one. In the given order,
 * the first keeps its fingerprint (so baselines made before stay valid) and the n-th gets a hash of
 * the fingerprint and `#n`, which survives lines moving as long as the copies keep their order.
 *
 * @example
 * distinctFingerprints(sortedFindings); // second copy: fingerprint of `${fp}#2`
 */
export function distinctFingerprints(findings: readonly Finding[]): Finding[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const n = (seen.get(f.fingerprint) ?? 0) + 1;
    seen.set(f.fingerprint, n);
    if (n === 1) return f;
    return { ...f, fingerprint: sha256Hex(`${f.fingerprint}#${n}`).slice(0, 32) };
  });
}
