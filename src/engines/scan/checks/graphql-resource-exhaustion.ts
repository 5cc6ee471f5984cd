import { defineScanCheck } from '../define.js';
import type { LimitKind, Measurement } from '../graphql/limits.js';
import { measure } from '../graphql/limits.js';
import { graphqlTarget } from '../graphql/target.js';

const meta = {
  id: 'scan/graphql-resource-exhaustion',
  title: 'GraphQL endpoint accepts unbounded query depth, aliases, batches, directives or cost',
  severity: 'medium',
  confidence: 'high',
  domain: 'input-validation',
  owasp: ['API4:2023'],
  cwe: ['CWE-770'],
  description:
    "Measures, by a bounded binary search with harmless probes, the largest query depth (on the schema's own recursive types, the deep part skipped at execution), number of aliases, array batch size, operations per document, directives and page-size cost the server accepts, and reports each limit that is absent or far above the defaults of protection libraries such as GraphQL Armor (depth 6, aliases 15, directives 50).",
  remediation:
    'Limit query depth, aliases, directives, tokens and cost before execution (GraphQL Armor, graphql-depth-limit, graphql-query-complexity, Apollo `persistedQueries` or an operation allow-list), disable array batching or cap it to a few operations, cap page sizes in resolvers, and set a request timeout.',
  references: [
    'https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/',
    'https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#dos-prevention',
    'https://escape.tech/graphql-armor/docs/category/plugins/',
    'https://cwe.mitre.org/data/definitions/770.html',
  ],
  messages: {
    depth: 'The GraphQL endpoint {path} accepts deep queries on the recursive path {detail}: depth {measured} (GraphQL Armor allows 6 by default).',
    aliases: 'The GraphQL endpoint {path} accepts many aliases in one query: {measured} (GraphQL Armor allows 15 by default).',
    batch: 'The GraphQL endpoint {path} executes array batches in one HTTP request: {measured} operations (batching is off by default in Apollo Server).',
    operations: 'The GraphQL endpoint {path} parses documents with many operations: {measured}.',
    directives: 'The GraphQL endpoint {path} accepts many directives in one query: {measured} (GraphQL Armor allows 50 by default).',
    cost: 'The GraphQL endpoint {path} accepts large page sizes on {detail}: n = {measured}, that many objects in one query.',
  },
} as const;

interface Limit {
  /** Largest size probed. */
  readonly max: number;
  /** Report when more than this is accepted. */
  readonly report: number;
}

export const LIMITS: Readonly<Record<LimitKind, Limit>> = {
  depth: { max: 100, report: 15 },
  aliases: { max: 2000, report: 100 },
  batch: { max: 500, report: 10 },
  operations: { max: 1000, report: 100 },
  directives: { max: 2000, report: 200 },
  cost: { max: 100_000, report: 1000 },
};

const ORDER: readonly LimitKind[] = ['depth', 'aliases', 'batch', 'operations', 'directives', 'cost'];

/** "2000 or more (no limit found ...)" or "40" (41 rejected). Pure. */
export function measuredText(m: Measurement): string {
  const r = m.result;
  if (r.unbounded) return `${r.accepted} or more (no limit found up to the largest probe)`;
  if (r.incomplete) return `${r.accepted} or more (the search stopped early)`;
  return `${r.accepted}`;
}

export default defineScanCheck({
  meta,
  scope: 'target',
  plan: () => ({ requests: 50 + ORDER.length * 16, writes: false }),
  async run(ctx, report) {
    const t = await graphqlTarget(ctx);
    if (!t) return;
    const budgetMs = typeof ctx.options.timeBudgetMs === 'number' ? ctx.options.timeBudgetMs : 60_000;
    const deadline = ctx.now() + budgetMs;
    const overrides = (ctx.options.thresholds ?? {}) as Partial<Record<LimitKind, number>>;
    const id = ctx.harvested()[0];
    for (const kind of ORDER) {
      if (ctx.now() > deadline) {
        ctx.notify('note', 'graphql-limit-budget', `scan/graphql-resource-exhaustion stopped at ${kind}: the time budget of ${budgetMs} ms is spent.`);
        break;
      }
      const lim = LIMITS[kind];
      const m = await measure(ctx, t.endpoint, t.schema, kind, { max: lim.max, maxProbes: Math.ceil(Math.log2(lim.max)) + 3, deadline, ...(id ? { ids: { id } } : {}) });
      if (!m) continue;
      const r = m.result;
      if (r.incomplete) {
        ctx.notify('note', 'graphql-limit-incomplete', `${kind} at ${t.endpoint.path}: the search stopped (${r.stoppedBy ?? 'unreadable answer'}) after ${r.probes} probes; accepted at least ${r.accepted}${r.rejected ? `, rejected ${r.rejected}` : ''}.`);
      }
      const threshold = typeof overrides[kind] === 'number' ? overrides[kind] : lim.report;
      if (r.accepted <= threshold || !m.evidence) continue;
      report({
        messageId: kind,
        data: { path: t.endpoint.path, measured: measuredText(m), detail: m.detail ?? '' },
        method: 'POST',
        path: t.endpoint.path,
        url: t.endpoint.url,
        exchanges: [{ response: m.evidence.response, label: `largest accepted probe (${kind} ${r.accepted})` }],
        facts: { limit: kind, accepted: r.accepted, ...(r.rejected !== undefined ? { rejected: r.rejected } : {}), unbounded: r.unbounded, probes: r.probes, threshold },
        key: kind,
        ...(kind === 'operations' ? { severity: 'low' as const } : {}),
      });
    }
  },
});
