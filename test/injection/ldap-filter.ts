// A small LDAP search filter (RFC 4515) parser and evaluator over in-memory entries, for the LDAP
// injection fixture. Supports &, |, !, equality with * wildcards and presence; errors like a directory.
export type Entry = Readonly<Record<string, string>>;
type Node = { op: '&' | '|'; kids: Node[] } | { op: '!'; kid: Node } | { op: '='; attr: string; value: string };

export class FilterError extends Error {}

export function parseFilter(text: string): Node {
  let i = 0;
  const fail = (m: string): never => {
    throw new FilterError(`Bad search filter: ${m} at position ${i}`);
  };
  const node = (): Node => {
    if (text[i] !== '(') fail('expected "("');
    i++;
    const c = text[i];
    let n: Node;
    if (c === '&' || c === '|') {
      i++;
      const kids: Node[] = [];
      while (text[i] === '(') kids.push(node());
      if (kids.length === 0) fail('empty set');
      n = { op: c, kids };
    } else if (c === '!') {
      i++;
      n = { op: '!', kid: node() };
    } else {
      const eq = text.indexOf('=', i);
      const close = text.indexOf(')', i);
      if (eq < 0 || close < 0 || eq > close) fail('expected attribute=value');
      const attr = text.slice(i, eq);
      const value = text.slice(eq + 1, close);
      if (!/^[A-Za-z][\w-]*$/.test(attr) || value.includes('(')) fail('invalid assertion');
      i = close;
      n = { op: '=', attr, value };
    }
    if (text[i] !== ')') fail('expected ")"');
    i++;
    return n;
  };
  const root = node();
  if (i !== text.length) fail('unbalanced parentheses');
  return root;
}

function unescape(v: string): string {
  return v.replace(/\\([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function matches(n: Node, e: Entry): boolean {
  if (n.op === '&' || n.op === '|') return n.op === '&' ? n.kids.every((k) => matches(k, e)) : n.kids.some((k) => matches(k, e));
  if (n.op === '!') return !matches(n.kid, e);
  if (n.op !== '=') return false;
  const actual = e[n.attr];
  if (actual === undefined) return false;
  if (n.value === '*') return true;
  const re = new RegExp(`^${n.value.split('*').map((p) => unescape(p).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(actual);
}

export function search(entries: readonly Entry[], filter: string): Entry[] {
  const f = parseFilter(filter);
  return entries.filter((e) => matches(f, e));
}

/** RFC 4515 escaping, what the fixed twin does. */
export function escapeFilterValue(v: string): string {
  return v.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
