import type { Call, Expr } from '../ir.js';
import { dotted } from '../ir.js';
import { defineCodeCheck } from '../define.js';
import type { CallContext, CallObserver, Label, SinkHit, SinkSpec } from '../taint/types.js';
import type { RouteContext } from '../define.js';
import type { Route } from '../model.js';
import { KIND_BIT } from '../taint/types.js';
import { writesColumns } from '../taint/keys.js';
import { SQL_SINKS } from '../taint/sql-sinks.js';

const NOT_MODELS = /^(Error|\w+Error|Date|URL|URLSearchParams|Map|Set|WeakMap|Array|Object|Promise|RegExp|Buffer|Response|Request|Headers|FormData|Blob|Event|Proxy|dict|list|set|tuple|str|int|float|Exception|\w+Exception|HTTPException|JSONResponse|Response|Decimal|Path|defaultdict|OrderedDict|Counter)$/;
const JS_WRITE = /^([A-Z]\w*|\w+\.[a-z]\w*|\w*(repo|Repo|repository|Repository|model|Model|collection|Collection|db|knex)\w*)\.(create|update|insert|build|bulkCreate|upsert|findByIdAndUpdate|findOneAndUpdate|updateOne|updateMany|insertOne|insertMany|save|merge|set|assign|patch|replaceOne|findOrCreate)$/;
const PY_WRITE = /(^[A-Z]\w*|\.objects|\.query|session|db|collection|\w+_collection|\w+\.filter\(\)|\w+\.filter_by\(\))\.(create|update|insert|insert_one|update_one|update_many|get_or_create|update_or_create|bulk_create|add)$|^[A-Z]\w*$|\.__dict__\.update$/;
const PRIV = /^(role|roles|is_?admin|admin|is_?staff|is_?superuser|superuser|permissions?|scopes?|privileges?|is_?verified|verified|balance|credits|plan|tier|account_?type)$/i;

function firstUnclean(labels: readonly Label[], whole: boolean): Label | undefined {
  return labels.find((l) => (l.source || l.param !== undefined) && !(l.clean & KIND_BIT.mass) && (!whole || l.whole));
}

/** Knex-style builders: knex('users').where({ id }).update(record). */
const JS_BUILDER = /^\w+(\(\))?(\.\w+\(\))+\.(update|insert|upsert|merge)$/;
const JS_BUILDER_ROOT = /^(knex|db|trx|qb|sql|\w*[Qq]uery\w*|\w*[Bb]uilder|\w*[Rr]epo\w*|\w*[Tt]able)\b/;
const PY_CORE_VALUES = /(^|\.)(update|insert)\(\)(\.\w+\(\))*\.values$/;
/** Receivers of set(k, v) that are not records: responses, headers, maps, caches. */
const NOT_RECORDS = /^(res|response|reply|ctx|app|router|headers|params|searchParams|query|url|map|cache|store|session|cookies|form|formData|env|config|settings|options)$/i;

const DICTISH = /^(d|data|params|kwargs|kw|opts|options|payload|result|out|ctx|context|extra|defaults|headers|values|fields|changes|updates|\w+_(dict|map|args|kwargs|params|data|opts|options))$/;

/** Report a whole request-shaped object written by a call. */
function report(ctx: CallContext, c: Call, e: Expr, sink: string): void {
  const l = firstUnclean(ctx.valueOf(e).labels, true);
  if (l) ctx.report({ line: c.line, label: l, sink, key: 'whole' });
}

/**
 * The raw SQL APIs again, for request-chosen *column names*: the keys of a request object (or names
 * a constant map/allow-list lets include a privileged one) built into the text of an UPDATE/INSERT.
 */
const COLUMN_SINKS: readonly SinkSpec[] = SQL_SINKS.map((s) => ({
  ...s,
  kind: 'mass',
  keysOnly: true,
  what: 'columns written',
  when: (c, lang, valueOf) => (!s.when || s.when(c, lang)) && writesColumns(c.args[Array.isArray(s.args) ? s.args[0]! : 0], valueOf),
}));

/** The route whose handler the hit's source is in. */
function routeOf(hit: SinkHit, ctx: RouteContext): Route | undefined {
  const src = hit.trace[0];
  return src && ctx.routes.find((r) => r.handler && r.handler.file === src.file && src.line >= r.handler.line && src.line <= r.handler.endLine);
}

function observer(id: string): CallObserver {
  return {
    id,
    observe(c: Call, ctx: CallContext) {
      const text = dotted(c.callee) ?? '';
      const py = ctx.lang === 'py';
      let candidates: Expr[] = [];
      if (py) {
        if (text === 'setattr' && c.args[1]) {
          const l = firstUnclean(ctx.valueOf(c.args[1]).labels, false);
          if (l) ctx.report({ line: c.line, label: l, sink: `setattr(${dotted(c.args[0]!) ?? '…'}, …)`, key: 'setattr' });
          return;
        }
        // user.update(**data) on a model instance (a dict built in this function is not one)
        if (c.callee.k === 'member' && c.callee.prop === 'update' && c.kw.some((k) => k.name === '**') && !PY_WRITE.test(text)) {
          const r = c.callee.obj;
          if (r.k === 'name' && !ctx.isLocalContainer(r.name) && !DICTISH.test(r.name)) for (const k of c.kw) if (k.name === '**') report(ctx, c, k.value, `${text}(**…)`);
          return;
        }
        // SQLAlchemy Core: update(User).where(...).values(**data)
        const core = PY_CORE_VALUES.test(text);
        if (!core && (!PY_WRITE.test(text) || (/^[A-Z]\w*$/.test(text) && NOT_MODELS.test(text)))) return;
        candidates = [...c.kw.filter((k) => k.name === '**').map((k) => k.value), ...(core || /\.(update|insert|insert_one|update_one|update_many|add)$|__dict__/.test(text) ? c.args.slice(0, core ? 1 : 2) : [])];
        // explicit privileged keyword from input: User(role=request.json['role'])
        for (const k of c.kw) if (PRIV.test(k.name)) { const l = firstUnclean(ctx.valueOf(k.value).labels, false); if (l) ctx.report({ line: c.line, label: l, sink: `${text}(${k.name}=…)`, key: k.name }); }
      } else {
        if (text === 'Object.assign' || /^(_|lodash)\.(merge|assign|extend|defaults)$/.test(text)) {
          if (c.args[0]?.k === 'obj' && c.args[0].props.length === 0) return;
          candidates = c.args.slice(1);
        } else if (c.isNew && /^[A-Z]\w*$/.test(text) && !NOT_MODELS.test(text)) candidates = c.args.slice(0, 1);
        else if (JS_WRITE.test(text) || (/^\w+\.(update|updateOne|save|merge|upsert|patch)$/.test(text) && c.args.length === 1)) candidates = c.args.slice(0, 2);
        else if (JS_BUILDER.test(text) && JS_BUILDER_ROOT.test(text)) candidates = c.args.slice(0, 1);
        else if ((c.callee.k === 'member' && c.callee.prop === 'set' && c.args.length === 2) || (/^(_|lodash)\.set$/.test(text) && c.args.length === 3)) {
          // user.set(key, value) / _.set(user, key, value) with a request-chosen key (Sequelize, Mongoose)
          const recv = c.callee.k === 'member' && c.callee.prop === 'set' && c.args.length === 2 ? c.callee.obj : c.args[0]!;
          const keyArg = c.args.length === 3 ? c.args[1]! : c.args[0]!;
          if (recv.k === 'name' && (ctx.isLocalContainer(recv.name) || NOT_RECORDS.test(recv.name))) return;
          if (recv.k !== 'name' && recv.k !== 'member') return;
          const l = ctx.valueOf(keyArg).labels.find((x) => x.key && (x.source || x.param !== undefined) && !(x.clean & KIND_BIT.mass));
          if (l) ctx.report({ line: c.line, label: l, sink: `${text}()`, key: 'set' });
          return;
        }        else if (c.callee.k === 'member' && c.callee.obj.k === 'name' && c.callee.prop === 'save' && c.args.length === 0) {
          // user[key] = value for request-chosen keys, then user.save()
          report(ctx, c, c.callee.obj, `${text}() after request-chosen keys were written into ${c.callee.obj.name}`);
          return;
        } else return;
        // prisma: { data: req.body }
        candidates = candidates.flatMap((a) => (a.k === 'obj' && a.props.some((p) => p.key === 'data' || p.key === '$set') ? a.props.filter((p) => p.key === 'data' || p.key === '$set').map((p) => p.value) : [a]));
      }
      for (const a of candidates) {
        if (a.k === 'obj') {
          for (const p of a.props) {
            if (p.spread) { const l = firstUnclean(ctx.valueOf(p.value).labels, true); if (l) ctx.report({ line: c.line, label: l, sink: `${text}() with the spread request body`, key: 'spread' }); }
            else if (p.key && PRIV.test(p.key)) { const l = firstUnclean(ctx.valueOf(p.value).labels, false); if (l) ctx.report({ line: c.line, label: l, sink: `${text}() field ${p.key}`, key: p.key }); }
          }
          continue;
        }
        const l = firstUnclean(ctx.valueOf(a).labels, true);
        if (l) ctx.report({ line: c.line, label: l, sink: `${text}()`, key: 'whole' });
      }
    },
  };
}

export default defineCodeCheck({
  kind: 'taint',
  meta: {
    id: 'code/mass-assignment',
    title: 'Request body written into a model without an allow-list of fields',
    severity: 'high',
    confidence: 'medium',
    domain: 'authorization',
    owasp: ['API3:2023'],
    cwe: ['CWE-915'],
    description: 'The whole request body (or a spread/merge of it) is passed to a model create/update, a privileged column such as role or isAdmin is written from request input, or the keys of the request body choose which columns or attributes are written (setattr, record[key] = value, the column list of a built UPDATE/INSERT), directly or through a map or allow-list that admits a privileged name, so a client can set fields it should not control.',
    remediation: 'Copy only the fields the caller may change (pick/allow-list), validate the body with a schema that omits privileged fields, and set role-like fields only in admin-only code paths.',
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/', 'https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html'],
    messages: {
      tainted: '{source} is written by {sink}: a client can set any field, including privileged ones.',
      privileged: '{source} sets the privileged field at {sink} in a route without a role check.',
      columns: 'The keys of {source} choose the fields written by {sink}: a client can set {field}.',
    },
  },
  sanitisers: ['schema validation (zod parse, joi validate, pydantic models, marshmallow load) that fixes the fields', 'copying named fields one by one (except privileged ones)', 'constant maps and allow-lists of field names (lookups, includes/has/in tests, filter callbacks) that admit no privileged name', 'dropping the privileged names first (if (key === \'role\') continue, a deny-list, const { role, ...rest } = body)', 'numeric conversion', 'role-checked routes for privileged fields'],
  sinks: COLUMN_SINKS,
  observer,
  accept: (hit, ctx) => {
    if (hit.key) {
      // a map or allow-list that admits role, used in an admin-only route, is the admin's edit form
      if (hit.key.priv && routeOf(hit, ctx)?.guards.some((g) => g.kind === 'authz')) return undefined;
      const field = hit.key.priv ? `'${hit.key.priv}'${hit.key.via ? ` (admitted by ${hit.key.via})` : ''}` : 'any field, including privileged ones';
      return { messageId: 'columns', data: { source: hit.source, sink: hit.sink, field }, file: hit.file, line: hit.line, evidence: { summary: `keys of ${hit.source} choose the columns written by ${hit.sink}`, trace: hit.trace }, key: `cols:${hit.source}` };
    }
    if (hit.spec.kind === 'privileged' || / field \w+$|=…\)$/.test(hit.sink)) {
      const route = routeOf(hit, ctx);
      if (route?.guards.some((g) => g.kind === 'authz')) return undefined;
      return { messageId: 'privileged', data: { source: hit.source, sink: hit.sink }, file: hit.file, line: hit.line, evidence: { summary: `${hit.source} reaches ${hit.sink}`, trace: hit.trace }, key: `priv:${hit.source}` };
    }
    return { messageId: 'tainted', data: { source: hit.source, sink: hit.sink }, file: hit.file, line: hit.line, evidence: { summary: `${hit.source} reaches ${hit.sink}`, trace: hit.trace }, key: hit.source };
  },
});
