import type { Expr, Func, Stmt } from '../ir.js';
import { dotted, walkStmts } from '../ir.js';
import type { Project } from '../project.js';

/**
 * Column and attribute names a client must not choose for itself: roles and permissions, admin and
 * verification flags, money, plans, and the ownership/tenant columns that say whose row it is.
 */
export const PRIVILEGED_NAME = /^(role|roles|is_?admin|admin|is_?staff|staff|is_?superuser|superuser|permissions?|scopes?|privileges?|is_?verified|verified|email_?verified|is_?approved|approved|balance|credits?|plan|tier|account_?type|owner_?id|owner|user_?id|tenant_?id|org(anization)?_?id|groups?)$/i;

/** A constant collection of strings: what a lookup can return (`values`) and what a membership test admits (`members`). */
export interface ConstStrings {
  readonly values: readonly string[];
  readonly members: readonly string[];
  /** The name it was found under, for messages (`PROFILE_COLUMNS`). */
  readonly name: string;
}

const MAX_DEPTH = 4;

/** The strings of a literal collection: arrays/lists/sets/tuples, objects/dicts, `new Set([...])`, `new Map([[k, v]])`, `frozenset(...)`, `Object.freeze(...)`. */
function literalStrings(e: Expr, resolve: (name: string) => Expr | undefined, depth: number): { values: string[]; members: string[] } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (e.k) {
    case 'name': {
      const v = resolve(e.name);
      return v ? literalStrings(v, resolve, depth + 1) : undefined;
    }
    case 'arr': {
      const values: string[] = [];
      for (const it of e.items) {
        if (it.k === 'str') values.push(it.value);
        else if (it.k === 'arr' && it.items.length === 2 && it.items[0]!.k === 'str') {
          // Map entries: [['email', 'email'], ['role', 'role']]
          values.push(it.items[0].value);
          if (it.items[1]!.k === 'str') values.push(it.items[1].value);
        } else if (it.k === 'name') {
          const inner = literalStrings(it, resolve, depth + 1);
          if (!inner) return undefined;
          values.push(...inner.members);
        } else return undefined;
      }
      return { values, members: values };
    }
    case 'obj': {
      const values: string[] = [];
      const members: string[] = [];
      for (const p of e.props) {
        if (p.spread) {
          const inner = literalStrings(p.value, resolve, depth + 1);
          if (!inner) return undefined;
          values.push(...inner.values);
          members.push(...inner.members);
          continue;
        }
        if (p.key === null) return undefined;
        members.push(p.key);
        if (p.value.k === 'str') values.push(p.value.value);
        else if (p.value.k === 'name' && p.value.name === p.key) values.push(p.key);
      }
      return { values, members };
    }
    case 'call': {
      const d = dotted(e.callee) ?? '';
      if (/^(Set|Map|set|frozenset|tuple|list|Object\.freeze|dict|Object\.fromEntries)$/.test(d) && e.args.length <= 1) {
        if (e.args.length === 0) return { values: [], members: [] };
        const inner = literalStrings(e.args[0]!, resolve, depth + 1);
        if (!inner) return undefined;
        // a Map built from pairs: lookups return the second items, membership tests see the first
        if ((d === 'Map' || d === 'dict' || d === 'Object.fromEntries') && e.args[0]!.k === 'arr') {
          const keys: string[] = [];
          const vals: string[] = [];
          for (const it of e.args[0].items) if (it.k === 'arr' && it.items[0]?.k === 'str') { keys.push(it.items[0].value); if (it.items[1]?.k === 'str') vals.push(it.items[1].value); }
          return { values: vals, members: keys };
        }
        return inner;
      }
      return undefined;
    }
    default: return undefined;
  }
}

/** The value a name last gets in a function body (only names assigned once), cached per function. */
const localsCache = new WeakMap<Func, Map<string, Expr | null>>();

export function localValues(fn: Func): Map<string, Expr | null> {
  let m = localsCache.get(fn);
  if (!m) {
    m = new Map();
    const map = m;
    const visit = (list: readonly Stmt[]): void => walkStmts(list, (s) => {
      if (s.k === 'assign' && s.target.k === 'name' && !s.augmented) map.set(s.target.name, map.has(s.target.name) ? null : s.value);
    });
    visit(fn.body);
    localsCache.set(fn, m);
  }
  return m;
}

/** An empty or literal container: `[]`, `{}`, `new Set()`, `new Map()`, `dict()`, `set()`, `list()`. */
export function isContainerLiteral(e: Expr): boolean {
  if (e.k === 'arr' || e.k === 'obj') return true;
  return e.k === 'call' && /^(Set|Map|set|dict|list|defaultdict|OrderedDict|Object\.create)$/.test(dotted(e.callee) ?? '');
}

/**
 * Resolve an expression to a constant collection of strings: a literal, a local assigned once in
 * this function or one around it (innermost first), or a module-level constant (in this file or imported).
 */
export function constStrings(e: Expr, scopes: readonly Func[], project: Project, isLocal: (name: string) => boolean): ConstStrings | undefined {
  let files = scopes[0]!.file;
  const resolve = (name: string): Expr | undefined => {
    if (isLocal(name)) {
      for (const fn of scopes) {
        const locals = localValues(fn);
        if (locals.has(name)) return locals.get(name) ?? undefined;
      }
      return undefined;
    }
    const r = project.lookup(files, name);
    if (r?.value) { files = r.file; return r.value; }
    return undefined;
  };
  const found = literalStrings(e, resolve, 0);
  if (!found) return undefined;
  return { ...found, name: dotted(e) ?? 'a constant' };
}

/** The first privileged name of a list. */
export function privilegedOf(names: readonly string[]): string | undefined {
  return names.find((n) => PRIVILEGED_NAME.test(n));
}

const SQL_WRITE = /\b(update\b[^;]{0,80}?\bset\b|insert\s+(or\s+\w+\s+)?into\b|replace\s+into\b|on\s+conflict\b[\s\S]*\bdo\s+update\s+set\b|on\s+duplicate\s+key\s+update\b)/i;

/** The literal text of a query string (template/concatenation parts, through one local variable). */
function literalText(e: Expr, valueOf: ((name: string) => Expr | undefined) | undefined, depth = 0): string {
  if (depth > 3) return '';
  if (e.k === 'str') return e.value;
  if (e.k === 'concat') return e.parts.map((p) => (p.k === 'str' ? p.value : ` ${literalText(p, valueOf, depth + 1)} `)).join('');
  if (e.k === 'name' && valueOf) { const v = valueOf(e.name); return v ? literalText(v, valueOf, depth + 1) : ''; }
  return '';
}

/** Whether a query text writes columns (UPDATE ... SET, INSERT INTO, upserts). */
export function writesColumns(e: Expr | undefined, valueOf?: (name: string) => Expr | undefined): boolean {
  return e !== undefined && SQL_WRITE.test(literalText(e, valueOf));
}
