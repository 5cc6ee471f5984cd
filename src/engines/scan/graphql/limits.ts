// The probes that measure a GraphQL server's limits, each one harmless by construction: aliases
// and directives on `__typename`, batches of `{ __typename }`, and depth on the schema's own
// recursive types with the deep part under `@skip(if: true)` (validated, never resolved).
import type { ScanContext } from '../define.js';
import type { GqlEndpoint, GqlExchange } from './client.js';
import { gql, gqlPostRaw } from './client.js';
import { argsFor, deepQuery, str } from './query.js';
import type { GqlField, GqlSchema, RecursivePath } from './schema.js';
import { findRecursivePath, isList, isRequired, namedType, rootFields } from './schema.js';
import type { ProbeVerdict, SearchResult } from './search.js';
import { boundedSearch } from './search.js';

export type LimitKind = 'depth' | 'aliases' | 'batch' | 'operations' | 'directives' | 'cost';

/**
 * Whether one answer accepted the probe. `expectKey`: a key `data` must have, so a server that
 * answers every request with the same canned data is not taken for one that ran the probe. Pure.
 */
export function verdictOf(ex: GqlExchange, batchSize?: number, expectKey?: string): ProbeVerdict {
  const r = ex.response;
  if (r.status === 0 || r.truncated) return 'unreadable';
  if (batchSize !== undefined) {
    if (!ex.batch) return ex.result || (r.status >= 400 && r.status < 500) ? 'rejected' : 'unreadable';
    const ok = (b: (typeof ex.batch)[number]) => b.hasData && (expectKey === undefined || (typeof b.data === 'object' && expectKey in (b.data as object)));
    return ex.batch.length === batchSize && ex.batch.every(ok) ? 'accepted' : 'rejected';
  }
  if (ex.result) {
    if (!ex.result.hasData) return 'rejected';
    const d = ex.result.data as Record<string, unknown>;
    return expectKey === undefined || (typeof d === 'object' && expectKey in d) ? 'accepted' : 'rejected';
  }
  if (ex.batch) return 'rejected';
  if (r.status >= 400 && r.status < 500) return 'rejected';
  return 'unreadable';
}

/** Documents of size n. Pure. */
export const documents = {
  aliases: (n: number) => `query { ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`,
  // one alias only (`rampart`, which a canned answer lacks), so the alias limit does not interfere
  directives: (n: number) => `query { rampart: __typename ${Array.from({ length: n }, () => '... @skip(if: false) { __typename }').join(' ')} }`,
  operations: (n: number) => Array.from({ length: n }, (_, i) => `query q${i} { ${i === 0 ? 'rampart: ' : ''}__typename }`).join(' '),
  batch: (n: number) => Array.from({ length: n }, () => ({ query: 'query { rampart: __typename }' })),
  /** Depth n with everything below level 2 skipped at execution. */
  depth: (schema: GqlSchema, path: RecursivePath, n: number, ids: Readonly<Record<string, string>>) => {
    const q = deepQuery(schema, path, n, { byName: ids });
    if (n < 3) return q;
    // `entry { f1 @skip(if: true) { ... } }`: mark the first cycle field
    const entryOpen = `${path.entry.name}${argsFor(schema, path.entry, { byName: ids })} { `;
    const at = q.indexOf(entryOpen) + entryOpen.length;
    const f1 = path.cycle[0]!.name;
    return `${q.slice(0, at)}${f1} @skip(if: true)${q.slice(at + f1.length)}`;
  },
  cost: (field: GqlField, arg: string, n: number, schema: GqlSchema) => {
    const others = argsFor(schema, { ...field, args: field.args.filter((a) => a.name !== arg) });
    const inner = others ? `${others.slice(1, -1)}, ` : '';
    return `query { ${field.name}(${inner}${arg}: ${n}) { __typename } }`;
  },
};

const PAGE_ARG = /^(first|last|limit|take|size|pageSize|page_size|perPage|per_page|count|max)$/;

/** A root list field with a page-size argument, for the cost probe. Pure. */
export function pagedListField(schema: GqlSchema): { field: GqlField; arg: string } | undefined {
  for (const f of rootFields(schema, 'query')) {
    if (!isList(f.type)) continue;
    const a = f.args.find((x) => PAGE_ARG.test(x.name) && namedType(x.type) === 'Int');
    if (a && !f.args.some((x) => x !== a && isRequired(x.type) && namedType(x.type) !== 'String' && namedType(x.type) !== 'ID' && namedType(x.type) !== 'Int')) return { field: f, arg: a.name };
  }
  return undefined;
}

export interface Measurement {
  readonly kind: LimitKind;
  readonly result: SearchResult;
  /** What was probed (the recursive path, the list field). */
  readonly detail?: string;
  /** The exchange of the largest accepted probe. */
  readonly evidence?: GqlExchange;
}

export interface MeasureOptions {
  readonly max: number;
  readonly maxProbes: number;
  readonly deadline: number;
  readonly identity?: string;
  readonly ids?: Readonly<Record<string, string>>;
}

/** Measure one limit by bounded binary search; undefined when it cannot be probed on this schema. */
export async function measure(ctx: ScanContext, ep: GqlEndpoint, schema: GqlSchema | undefined, kind: LimitKind, o: MeasureOptions): Promise<Measurement | undefined> {
  let best: GqlExchange | undefined;
  let bestN = 0;
  const idOpt = o.identity ? { identity: o.identity } : {};
  const wrap = (send: (n: number) => Promise<GqlExchange>, batch = false, key?: (n: number) => string) => async (n: number): Promise<ProbeVerdict> => {
    const ex = await send(n);
    const v = verdictOf(ex, batch ? n : undefined, key?.(n));
    if (v === 'accepted' && n >= bestN) {
      best = ex;
      bestN = n;
    }
    return v;
  };
  let probe: (n: number) => Promise<ProbeVerdict>;
  let detail: string | undefined;
  let min = 1;
  switch (kind) {
    case 'aliases':
      probe = wrap((n) => gql(ctx, ep, documents.aliases(n), idOpt), false, (n) => `a${n - 1}`);
      break;
    case 'directives':
      probe = wrap((n) => gql(ctx, ep, documents.directives(n), idOpt), false, () => 'rampart');
      break;
    case 'operations':
      probe = wrap((n) => gql(ctx, ep, documents.operations(n), { ...idOpt, operationName: 'q0' }), false, () => 'rampart');
      break;
    case 'batch':
      probe = wrap((n) => gqlPostRaw(ctx, ep.url, documents.batch(n), idOpt), true, () => 'rampart');
      break;
    case 'depth': {
      if (!schema) return undefined;
      const path = findRecursivePath(schema);
      if (!path) return undefined;
      detail = `${path.entry.name} → ${[...path.cycle, path.cycle[0]!].map((f) => f.name).join(' → ')} …`;
      min = 2;
      probe = wrap((n) => gql(ctx, ep, documents.depth(schema, path, n, o.ids ?? {}), idOpt), false, () => path.entry.name);
      break;
    }
    case 'cost': {
      if (!schema) return undefined;
      const paged = pagedListField(schema);
      if (!paged) return undefined;
      detail = `${paged.field.name}(${paged.arg}: n)`;
      probe = wrap((n) => gql(ctx, ep, documents.cost(paged.field, paged.arg, n, schema), idOpt), false, () => paged.field.name);
      break;
    }
  }
  const result = await boundedSearch(probe, { min, max: o.max, maxProbes: o.maxProbes, deadline: o.deadline, now: () => ctx.now() });
  return { kind, result, ...(detail ? { detail } : {}), ...(best ? { evidence: best } : {}) };
}

export { str };
