// One file (or archive member) in, matches and notes out. Runs inside the worker threads and, for
// small scans, on the main thread. Reads only the file it is given and, for a bundle, its map.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { RuleSet } from './ruleset.js';
import { scanText } from './scan.js';
import type { RawMatch } from './scan.js';
import { isBinary, printableStrings } from './sources/binary.js';
import { dexStrings, isDex } from './sources/dex.js';
import { cleanSourcePath, originalPositions, parseSourceMap, sourceMappingUrl } from './sources/sourcemap.js';
import { looksLikeTar, readTar } from './sources/tar.js';
import { ArchiveError, checkZipBomb, readZipDirectory, readZipEntry } from './sources/zip.js';

export interface ScanLimits {
  /** Files (and archive members) larger than this are skipped with a note. */
  readonly maxFileSize: number;
  /** Archives larger than this are skipped with a note. */
  readonly maxArchiveSize: number;
  /** How deep archives nest before we stop opening them. */
  readonly maxDepth: number;
  readonly maxEntries: number;
  /** Total bytes one top-level archive may expand to, all levels together. */
  readonly maxExpanded: number;
  /** Expansion ratio above which an entry is treated as a bomb. */
  readonly maxRatio: number;
}

export const DEFAULT_LIMITS: ScanLimits = {
  maxFileSize: 10 * 1024 * 1024,
  maxArchiveSize: 512 * 1024 * 1024,
  maxDepth: 4,
  maxEntries: 20_000,
  maxExpanded: 1024 * 1024 * 1024,
  maxRatio: 200,
};

/** A match with the place it was found. */
export interface LocatedMatch extends RawMatch {
  /** Relative path; archive members as `app.apk!/classes.dex`. */
  readonly file: string;
  readonly kind: 'text' | 'archive-member' | 'dex-string' | 'binary-strings' | 'bundle';
  /** For minified bundles mapped through a source map: where it was seen in the bundle. */
  readonly generated?: { readonly file: string; readonly line: number; readonly column: number };
}

export interface Note {
  readonly level: 'warning' | 'note';
  readonly code: string;
  readonly message: string;
  readonly subject: string;
}

export interface FileResult {
  readonly matches: LocatedMatch[];
  readonly notes: Note[];
  readonly bytes: number;
  readonly files: number;
  readonly binarySkipped: number;
}

const READABLE_IN_ARCHIVE = /\.(?:arsc|xml|plist|json|properties|strings|txt|cfg|conf|ini|yaml|yml|js|html|env)$/i;

interface Ctx {
  readonly rs: RuleSet;
  readonly limits: ScanLimits;
  readonly out: { matches: LocatedMatch[]; notes: Note[]; bytes: number; files: number; binarySkipped: number };
  budget: number;
}

function isZip(buf: Buffer): boolean {
  return buf.length >= 22 && buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 3 || buf[2] === 5) && (buf[3] === 4 || buf[3] === 6);
}
function isGzip(buf: Buffer): boolean {
  return buf.length >= 18 && buf[0] === 0x1f && buf[1] === 0x8b;
}

function pushMatches(ctx: Ctx, found: RawMatch[], file: string, kind: LocatedMatch['kind']): void {
  for (const m of found) ctx.out.matches.push({ ...m, file, kind });
}

function scanArchiveBuffer(buf: Buffer, path: string, depth: number, ctx: Ctx): boolean {
  const { limits } = ctx;
  if (isZip(buf)) {
    if (depth >= limits.maxDepth) {
      ctx.out.notes.push({ level: 'note', code: 'archive-too-deep', message: `${path}: archives nested more than ${limits.maxDepth} deep are not opened`, subject: path });
      return true;
    }
    try {
      const { entries, truncated } = readZipDirectory(buf, limits.maxEntries);
      if (truncated) ctx.out.notes.push({ level: 'warning', code: 'archive-truncated', message: `${path}: only the first ${limits.maxEntries} entries were scanned`, subject: path });
      const bomb = checkZipBomb(entries, Math.min(limits.maxExpanded, ctx.budget), limits.maxRatio);
      if (bomb) {
        ctx.out.notes.push({ level: 'warning', code: 'archive-bomb', message: `${path}: not expanded, looks like a zip bomb: ${bomb}`, subject: path });
        return true;
      }
      for (const e of entries) {
        if (e.isDirectory) continue;
        const member = `${path}!/${e.name}`;
        if (e.size > limits.maxFileSize && !/\.(?:zip|jar|apk|aab|war|ear|aar|ipa|tar|tgz|gz|dex)$/i.test(e.name)) {
          ctx.out.notes.push({ level: 'note', code: 'file-too-large', message: `${member}: ${e.size} bytes, over the size limit of ${limits.maxFileSize}; skipped`, subject: member });
          continue;
        }
        if (e.size > ctx.budget) {
          ctx.out.notes.push({ level: 'warning', code: 'archive-bomb', message: `${path}: expansion budget exhausted at "${e.name}"; the rest is not expanded`, subject: path });
          return true;
        }
        const data = readZipEntry(buf, e);
        ctx.budget -= data.length;
        scanBuffer(data, member, depth + 1, ctx, true);
      }
    } catch (err) {
      if (err instanceof ArchiveError) {
        ctx.out.notes.push({ level: 'warning', code: err.code, message: `${path}: ${err.message}`, subject: path });
        return true;
      }
      throw err;
    }
    return true;
  }
  if (isGzip(buf)) {
    let inner: Buffer;
    try {
      inner = gunzipSync(buf, { maxOutputLength: Math.max(1, Math.min(limits.maxExpanded, ctx.budget)) });
    } catch (err) {
      const bomb = err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      ctx.out.notes.push({
        level: 'warning',
        code: bomb ? 'archive-bomb' : 'archive-corrupt',
        message: bomb ? `${path}: not expanded, it inflates past the limit of ${Math.min(limits.maxExpanded, ctx.budget)} bytes` : `${path}: does not decompress`,
        subject: path,
      });
      return true;
    }
    ctx.budget -= inner.length;
    const innerPath = looksLikeTar(inner) ? path : `${path}!/${path.replace(/^.*[/!]/, '').replace(/\.gz$/i, '')}`;
    scanBuffer(inner, innerPath, depth + 1, ctx, true);
    return true;
  }
  if (looksLikeTar(buf)) {
    if (depth >= limits.maxDepth) return true;
    const { entries, truncated } = readTar(buf, limits.maxEntries);
    if (truncated) ctx.out.notes.push({ level: 'warning', code: 'archive-truncated', message: `${path}: only the first ${limits.maxEntries} entries were scanned`, subject: path });
    for (const e of entries) {
      const member = `${path}!/${e.name}`;
      if (e.data.length > limits.maxFileSize) {
        ctx.out.notes.push({ level: 'note', code: 'file-too-large', message: `${member}: ${e.data.length} bytes, over the size limit; skipped`, subject: member });
        continue;
      }
      scanBuffer(e.data, member, depth + 1, ctx, true);
    }
    return true;
  }
  return false;
}

function scanBuffer(buf: Buffer, path: string, depth: number, ctx: Ctx, inArchive: boolean): void {
  ctx.out.bytes += buf.length;
  ctx.out.files++;
  if (scanArchiveBuffer(buf, path, depth, ctx)) return;
  if (isDex(buf)) {
    const strings = dexStrings(buf);
    pushMatches(ctx, scanText(strings.join('\n'), ctx.rs, { path }), path, 'dex-string');
    return;
  }
  if (isBinary(buf)) {
    if (inArchive && READABLE_IN_ARCHIVE.test(path)) {
      pushMatches(ctx, scanText(printableStrings(buf).join('\n'), ctx.rs, { path }), path, 'binary-strings');
    } else ctx.out.binarySkipped++;
    return;
  }
  const text = buf.toString('utf8');
  pushMatches(ctx, scanText(text, ctx.rs, { path }), path, inArchive ? 'archive-member' : 'text');
}

/** Map matches in a minified bundle to its original sources through the bundle's source map. */
function mapThroughSourceMap(abs: string, rel: string, text: string, matches: LocatedMatch[], maxSize: number): LocatedMatch[] {
  const url = sourceMappingUrl(text);
  let mapText: string | undefined;
  let mapDir = posix.dirname(rel);
  try {
    if (url?.startsWith('data:')) {
      const comma = url.indexOf(',');
      const meta = url.slice(5, comma);
      const data = url.slice(comma + 1);
      mapText = meta.endsWith(';base64') ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
    } else {
      const candidate = url && !/^[a-z]+:/i.test(url) ? join(dirname(abs), url.split(/[?#]/)[0]!) : `${abs}.map`;
      if (statSync(candidate, { throwIfNoEntry: false })?.isFile() && statSync(candidate).size <= maxSize * 4) {
        mapText = readFileSync(candidate, 'utf8');
        if (url && !url.startsWith('data:')) mapDir = posix.dirname(posix.join(posix.dirname(rel), url));
      }
    }
  } catch {
    return matches;
  }
  if (!mapText) return matches;
  const map = parseSourceMap(mapText);
  if (!map) return matches;
  let mapped: ReturnType<typeof originalPositions>;
  try {
    mapped = originalPositions(map, matches.map((m) => ({ line: m.line, column: m.column })));
  } catch {
    return matches;
  }
  return matches.map((m, i) => {
    const o = mapped[i];
    if (!o) return m;
    const src = cleanSourcePath(o.source);
    const file = /^[a-z][\w+.-]*:\/\//i.test(o.source) ? src : posix.normalize(posix.join(mapDir, src));
    return { ...m, file, line: o.line, endLine: o.line + (m.endLine - m.line), column: o.column, kind: 'bundle' as const, generated: { file: rel, line: m.line, column: m.column } };
  });
}

/** Scan one file of the tree. `abs` is read here; `rel` is how findings name it. */
export function scanFile(abs: string, rel: string, rs: RuleSet, limits: ScanLimits): FileResult {
  const out = { matches: [] as LocatedMatch[], notes: [] as Note[], bytes: 0, files: 0, binarySkipped: 0 };
  let size: number;
  try {
    const st = statSync(abs);
    // A device, pipe or socket named on the command line (the tree walk never yields one): its
    // size says nothing, and /dev/zero would be read forever.
    if (!st.isFile()) {
      out.notes.push({ level: 'warning', code: 'file-unreadable', message: `${rel}: not a regular file (a device, pipe or socket); skipped`, subject: rel });
      return out;
    }
    size = st.size;
  } catch (err) {
    out.notes.push({ level: 'warning', code: 'file-unreadable', message: `${rel}: ${(err as NodeJS.ErrnoException).code ?? 'cannot stat'}`, subject: rel });
    return out;
  }
  const archiveByName = /\.(?:zip|jar|apk|aab|war|ear|aar|ipa|xapk|tar|tgz|gz|nupkg|whl)$/i.test(rel);
  if (size > (archiveByName ? limits.maxArchiveSize : limits.maxFileSize)) {
    out.notes.push({ level: 'note', code: 'file-too-large', message: `${rel}: ${size} bytes, over the size limit of ${archiveByName ? limits.maxArchiveSize : limits.maxFileSize}; skipped (raise it with --max-file-size)`, subject: rel });
    return out;
  }
  let buf: Buffer;
  try {
    buf = readFileSync(abs);
  } catch (err) {
    out.notes.push({ level: 'warning', code: 'file-unreadable', message: `${rel}: ${(err as NodeJS.ErrnoException).code ?? 'cannot read'}`, subject: rel });
    return out;
  }
  const ctx: Ctx = { rs, limits, out, budget: limits.maxExpanded };
  scanBuffer(buf, rel, 0, ctx, false);
  if (/\.(?:js|mjs|cjs)$/i.test(rel) && out.matches.some((m) => m.file === rel && m.kind === 'text')) {
    const own = out.matches.filter((m) => m.file === rel && m.kind === 'text');
    const others = out.matches.filter((m) => !(m.file === rel && m.kind === 'text'));
    out.matches = [...others, ...mapThroughSourceMap(abs, rel, buf.toString('utf8'), own, limits.maxFileSize)];
  }
  return out;
}

/** Scan text that is not a file of the tree (git history blobs). */
export function scanLooseText(text: string, path: string, rs: RuleSet): RawMatch[] {
  return scanText(text, rs, { path });
}
