import type { TraceStep } from '../../../core/finding.js';
import type { Call, Expr, Func, Module, Stmt, Target } from '../ir.js';
import { calleeName, conjuncts, dotted, isModeFlag, walkExprs } from '../ir.js';
import type { Route } from '../model.js';
import type { Project } from '../project.js';
import { ALL_KINDS, KIND_BIT } from './types.js';
import type { CallContext, CallObserver, KeyOrigin, Label, SinkHit, SinkSpec, TaintRule, Val } from './types.js';
import { sanitiserOf } from './sanitisers.js';
import { PRIVILEGED_NAME, constStrings, isContainerLiteral, localValues, privilegedOf } from './keys.js';

const EMPTY: Val = { labels: [] };
const NO_VALS: readonly Val[] = [];
const MAX_LABELS = 4;
const MAX_STEPS = 14;
const MAX_DEPTH = 12;

const JS_SOURCE_PROPS = new Set(['query', 'params', 'body', 'headers', 'cookies', 'signedCookies', 'files', 'file', 'url', 'originalUrl', 'path', 'hostname', 'raw', 'rawBody']);
const FLASK_SOURCE_PROPS = new Set(['args', 'form', 'values', 'json', 'data', 'cookies', 'headers', 'files', 'view_args', 'url', 'full_path', 'path', 'query_string', 'environ', 'stream', 'host', 'referrer']);
const STARLETTE_SOURCE_PROPS = new Set(['query_params', 'path_params', 'headers', 'cookies', 'url']);
const DRF_SOURCE_PROPS = new Set(['kwargs', 'data', 'query_params', 'GET', 'POST', 'body', 'FILES', 'COOKIES', 'headers', 'META', 'path', 'content_params']);
const USER_PROPS = new Set(['user', 'auth', 'session', 'locals', 'state']);
const REQ_SOURCE_METHODS = new Set(['get', 'header', 'param', 'get_json', 'get_data', 'json', 'form', 'body']);
const DB_RESULT = /^(query|execute|exec|run|all|get|find\w*|findOne|findById|findByPk|findAll|fetch\w*|select|raw|first|one|scalar\w*|filter_by|filter|aggregate|count\w*)$/;
const DB_RECEIVER = /^([A-Z]\w*|(find|get|select|insert|update|delete|load|fetch|query|stmt|list|count)\w*|.*\b(db|database|conn|connection|cursor|cur|session|pool|knex|prisma|repo\w*|\w*Repository|repository|collection|model|objects|query|client|sequelize|orm|store|manager|dataSource|entityManager)\b.*)\.\w+$/;
const SA_STATEMENT = /^(\w+\.)?(select|update|insert|delete)\(\)(\.\w+\(\))*\.(where|filter|filter_by|values|returning|order_by|limit|offset|join|outerjoin|on_conflict_do_update|on_conflict_do_nothing|execution_options)$/;
const CONTAINER_ADD = new Set(['push', 'unshift', 'append', 'appendleft', 'add', 'extend', 'insert']);
const ARRAY_CB = new Set(['map', 'forEach', 'filter', 'find', 'some', 'every', 'flatMap', 'reduce', 'then']);

interface Summary {
  /** Labels reaching the return value (param labels refer to the callee's parameters). */
  ret: Val;
  /** Param-to-sink paths found inside the function. */
  sinks: { param: number; spec: SinkSpec; checkId: string; steps: readonly TraceStep[]; sinkText: string; line: number; file: string; whole: boolean; clean: number; key?: KeyOrigin }[];
}

/** Context-free facts a route rule needs about one handler. */
export interface HandlerFacts {
  readonly dbCalls: { line: number; callee: string; inputArgs: boolean; idFromRequest: boolean; userScoped: boolean; userData: boolean }[];
  readonly userRefs: number[];
  readonly privilegedWrites: { line: number; field: string; fromRequest: boolean }[];
}

function addStep(l: Label, step: TraceStep): Label {
  let steps = [...l.steps, step];
  if (steps.length > MAX_STEPS) steps = [...steps.slice(0, 2), ...steps.slice(steps.length - (MAX_STEPS - 2))];
  return { ...l, steps };
}

function union(a: Val, b: Val): Val {
  if (a.labels.length === 0 && !a.req && !a.user) return b;
  if (b.labels.length === 0 && !b.req && !b.user) return a;
  const labels = [...a.labels];
  for (const l of b.labels) {
    if (labels.length >= MAX_LABELS) break;
    if (!labels.some((x) => x.source?.desc === l.source?.desc && x.param === l.param && x.clean === l.clean && x.whole === l.whole && x.entries === l.entries && keyTag(x.key) === keyTag(l.key))) labels.push(l);
  }
  return { labels, req: a.req ?? b.req, user: a.user || b.user };
}

/** How a key reads in a trace: `a request-chosen key`, `a key that can be 'role' (PROFILE_COLUMNS)`. */
function keyPhrase(k: KeyOrigin | undefined): string {
  if (!k) return 'a request-chosen name';
  return k.priv ? `a request-chosen key that can be '${k.priv}'${k.via ? ` (through ${k.via})` : ''}` : 'a request-chosen key';
}

/** A test that limits a name: `ALLOWED.includes(k)`, `k in ALLOWED`, `k === 'email'`. */
interface Guard {
  readonly name: string;
  readonly clean: number;
  /** Whether the then-branch is where the test holds. */
  readonly positive: boolean;
  /** The collection the name is tested against, when there is one. */
  readonly within?: Expr;
}

/** `k === 'a' || k === 'b'`: the name and the strings it is compared with. */
function equalities(e: Expr): { name: string; values: string[] } | undefined {
  const parts = e.k === 'op' && (e.op === '||' || e.op === 'or') ? e.parts : [e];
  let name: string | undefined;
  const values: string[] = [];
  for (const p of parts) {
    if (p.k === 'op' && (p.op === '||' || p.op === 'or')) { const inner = equalities(p); if (!inner || (name && inner.name !== name)) return undefined; name = inner.name; values.push(...inner.values); continue; }
    if (p.k !== 'op' || (p.op !== '===' && p.op !== '==') || p.parts.length !== 2) return undefined;
    const [l, r] = p.parts;
    const n = l?.k === 'name' && r?.k === 'str' ? l : r?.k === 'name' && l?.k === 'str' ? r : undefined;
    const v = l?.k === 'str' ? l.value : r?.k === 'str' ? r.value : undefined;
    if (!n || v === undefined || (name && n.name !== name)) return undefined;
    name = n.name;
    values.push(v);
  }
  return name ? { name, values } : undefined;
}

function keyTag(k: KeyOrigin | undefined): string | undefined {
  return k === undefined ? undefined : `${k.priv ?? ''}|${k.via ?? ''}`;
}

/** The keys of request objects (`Object.keys(body)`): names the client chose. Keys of other objects are the code's own. */
function keysOf(v: Val, file: string, line: number, how: string): Val {
  return mapLabels(v, (l) => (l.whole && !l.key ? addStep({ ...l, whole: false, entries: undefined, key: {} }, { kind: 'step', file, line, message: `keys of the request object (${how})` }) : undefined));
}

/** `[key, value]` pairs of an object (`Object.entries(body)`, `data.items()`). */
function entriesOf(v: Val, file: string, line: number, how: string): Val {
  return mapLabels(v, (l) => (l.key ? { ...l } : l.whole ? addStep({ ...l, whole: false, entries: 'request' }, { kind: 'step', file, line, message: `key/value pairs of the request object (${how})` }) : { ...l, whole: false, entries: 'fixed' }));
}

/** What iterating a value yields: keys (`for (k in obj)`, Python `for k in dict`), or its elements. */
function elementsOf(v: Val, keys: boolean, py: boolean, file: string, line: number): Val {
  if (keys) return keysOf(v, file, line, 'for…in');
  if (py) return mapLabels(v, (l) => (l.whole && !l.entries ? addStep({ ...l, whole: false, key: {} }, { kind: 'step', file, line, message: 'keys of the request object (for … in)' }) : { ...l, whole: false }));
  return mapLabels(v, (l) => ({ ...l, whole: false }));
}

/** Item `i` of a destructured pair from {@link entriesOf}: the key (0) or the value (1). */
function pairItem(v: Val, i: number): Val {
  return mapLabels(v, (l) => {
    if (!l.entries) return { ...l, whole: false };
    if (i === 0) return l.entries === 'request' ? { ...l, entries: undefined, key: {} } : undefined;
    return { ...l, entries: undefined };
  });
}

function mapLabels(v: Val, f: (l: Label) => Label | undefined): Val {
  const labels: Label[] = [];
  for (const l of v.labels) { const x = f(l); if (x) labels.push(x); }
  return labels.length === 0 ? (v.user ? { labels, user: true } : EMPTY) : { labels };
}

/** The dotted text of a call's callee, with the receiver shortened (`db.query`, `cursor.execute`). */
function calleeText(c: Call): string {
  return dotted(c.callee) ?? calleeName(c) ?? '?';
}

/**
 * The taint engine: abstract interpretation of each route handler over the IR, with per-function
 * summaries for calls into the same file and imported modules.
 */
export class TaintEngine {
  readonly hits: SinkHit[] = [];
  readonly facts = new Map<Route, HandlerFacts>();
  private readonly byName = new Map<string, { spec: SinkSpec; checkId: string }[]>();
  private readonly anyName: { spec: SinkSpec; checkId: string }[] = [];
  private readonly summaries = new Map<string, Summary>();
  private readonly inProgress = new Set<string>();
  private readonly seenHits = new Set<string>();
  private depth = 0;

  constructor(private readonly project: Project, rules: readonly TaintRule[], private readonly observers: readonly CallObserver[] = []) {
    for (const r of rules) for (const spec of r.sinks) {
      for (const n of spec.names) {
        if (n === '*') this.anyName.push({ spec, checkId: r.id });
        else { const list = this.byName.get(n) ?? []; list.push({ spec, checkId: r.id }); this.byName.set(n, list); }
      }
    }
  }

  /** Analyse one route handler with its request inputs as sources. */
  analyseRoute(route: Route): void {
    const fn = route.handler;
    if (!fn) return;
    const mod = this.project.modules.get(fn.file);
    if (!mod) return;
    const env = new Map<string, Val>();
    const facts: HandlerFacts = { dbCalls: [], userRefs: [], privilegedWrites: [] };
    const b = route.binding;
    fn.params.forEach((p, i) => {
      if (!p.name) return;
      const src = (desc: string, whole: boolean, clean = 0): Val => ({ labels: [{ source: { desc, file: fn.file, line: fn.line }, steps: [{ kind: 'source', file: fn.file, line: fn.line, message: desc }], clean, whole }] });
      if (b.kind === 'reqobj' && i === b.reqIndex) env.set(p.name, { labels: [], req: 'js', reqName: p.name });
      else if (b.kind === 'drf') {
        if (p.name === 'self') env.set(p.name, { labels: [], req: 'drf', reqName: 'self' });
        else if (i === b.reqIndex) env.set(p.name, { labels: [], req: 'drf', reqName: p.name });
        else if (b.pathParams.has(p.name) && !route.numericParams.has(p.name)) env.set(p.name, src(`URL argument ${p.name}`, false));
      }
      else if (b.kind === 'flask' && b.viewArgs.has(p.name)) env.set(p.name, route.numericParams.has(p.name) ? EMPTY : src(`path parameter <${p.name}>`, false));
      else if (b.kind === 'fastapi') {
        if (p.default?.k === 'call' && /^(Depends|Security)$/.test(dotted(p.default.callee) ?? '')) { env.set(p.name, { labels: [], user: /user|account|principal|identity/i.test(p.name) }); return; }
        if (p.annotation && /^(Request|starlette\.requests\.Request)$/.test(p.annotation)) { env.set(p.name, { labels: [], req: 'starlette' }); return; }
        if (route.numericParams.has(p.name) || /^(BackgroundTasks|Response|Session|AsyncSession|WebSocket)$/.test(p.annotation ?? '')) return;
        // a dict body (payload: dict, Dict[str, Any]) has whatever keys the client sent; a model fixes them
        const dict = p.annotation !== undefined && /^(dict|Dict|typing\.Dict|Mapping|MutableMapping)\b/.test(p.annotation);
        const model = !dict && p.annotation !== undefined && /^[A-Z]/.test(p.annotation) && !/^(Optional\[str\]|List\[str\])$/.test(p.annotation);
        const where = b.pathParams.has(p.name) ? 'path parameter' : model || dict ? 'request body' : 'query parameter';
        env.set(p.name, src(`${where} ${p.name}${p.annotation ? `: ${p.annotation}` : ''}`, model || dict, model ? KIND_BIT.mass | KIND_BIT.nosql : 0));
      } else if (b.kind === 'nest') {
        for (const d of p.decorators) {
          if (d.k !== 'call') continue;
          const dn = dotted(d.callee) ?? '';
          const a0 = d.args[0];
          const numeric = d.args.some((x) => /Parse(Int|Float|Bool|UUID)Pipe/.test(dotted(x.k === 'call' ? x.callee : x) ?? ''));
          if (dn === 'Req' || dn === 'Request') env.set(p.name, { labels: [], req: 'js', reqName: p.name });
          else if (/^(Param|Query|Body|Headers|Cookies)$/.test(dn) && !numeric) {
            const dto = p.annotation !== undefined && /^[A-Z]/.test(p.annotation) && !a0;
            env.set(p.name, src(`@${dn}(${a0?.k === 'str' ? `'${a0.value}'` : ''}) ${p.name}`, dn === 'Body' && !a0, dto ? KIND_BIT.mass | KIND_BIT.nosql : 0));
          } else if (/user|auth|principal/i.test(dn)) env.set(p.name, { labels: [], user: true });
        }
      }
    });
    this.facts.set(route, facts);
    this.runFunction(fn, mod, env, undefined, facts);
  }

  private summaryOf(fn: Func, reqMask: number): Summary {
    const key = `${fn.id}|${reqMask}`;
    const done = this.summaries.get(key);
    if (done) return done;
    if (this.inProgress.has(key) || this.depth > MAX_DEPTH) return { ret: EMPTY, sinks: [] };
    const mod = this.project.modules.get(fn.file);
    if (!mod) return { ret: EMPTY, sinks: [] };
    this.inProgress.add(key);
    this.depth++;
    const env = new Map<string, Val>();
    fn.params.forEach((p, i) => {
      if (!p.name) return;
      if (reqMask & (1 << i)) env.set(p.name, { labels: [], req: mod.lang === 'py' ? 'starlette' : 'js' });
      else env.set(p.name, { labels: [{ param: i, steps: [], clean: 0, whole: true }] });
    });
    const summary: Summary = { ret: EMPTY, sinks: [] };
    summary.ret = this.runFunction(fn, mod, env, summary, undefined);
    this.depth--;
    this.inProgress.delete(key);
    this.summaries.set(key, summary);
    return summary;
  }

  /** Interpret a function body; returns the union of returned values. */
  private runFunction(fn: Func, mod: Module, env: Map<string, Val>, summary: Summary | undefined, facts: HandlerFacts | undefined): Val {
    const st = new Interp(this, fn, mod, env, summary, facts);
    st.block(fn.body);
    return st.ret;
  }

  /** @internal */
  sinksFor(name: string): readonly { spec: SinkSpec; checkId: string }[] {
    const l = this.byName.get(name);
    return l ? (this.anyName.length ? [...l, ...this.anyName] : l) : this.anyName;
  }

  /** @internal */
  recordHit(hit: SinkHit): void {
    const k = `${hit.checkId}|${hit.file}|${hit.line}|${hit.source}`;
    if (this.seenHits.has(k)) return;
    this.seenHits.add(k);
    this.hits.push(hit);
  }

  /** @internal */
  summary(fn: Func, reqMask: number): Summary { return this.summaryOf(fn, reqMask); }
  /** @internal */
  get proj(): Project { return this.project; }
  /** @internal */
  get obs(): readonly CallObserver[] { return this.observers; }
}

const PRIVILEGED = /^(role|roles|is_?admin|admin|is_?staff|is_?superuser|superuser|permissions?|scopes?|privileges?|is_?verified|verified|balance|credits|plan|tier|owner_?id|userId|user_id|account_?type|group|groups)$/i;

const USER_DATA = /\b(users?|accounts?|orders?|notes?|messages?|payments?|profiles?|invoices?|customers?|addresses|cards?|documents?|files?|posts?|comments?|carts?|bookings?|reservations?|transactions?|wallets?|subscriptions?|tickets?|contacts?|employees?|patients?|members?)\b/i;
const CURRENT_USER_FN = /^(get_?)?current_?user$|^currentUser$|^get_?user_?from_?(request|token|session)$|^(get_?)?logged_?in_?user$|^requireUser$|^get_jwt_identity$/i;

function literalsOf(c: Call): string {
  let out = dotted(c.callee) ?? '';
  walkExprs([{ k: 'expr', e: c, line: c.line }], (x) => { if (x.k === 'str') out += ` ${x.value}`; else if (x.k === 'name' && /^[A-Z]/.test(x.name)) out += ` ${x.name}`; });
  return out.replace(/\border\s+by\b/gi, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
}

class Interp {
  ret: Val = EMPTY;
  /** Inside a branch that runs only in one configuration mode (`if (config.secure)`). */
  private flagDepth = 0;
  private readonly py: boolean;
  private readonly flaskRequest: boolean;
  private readonly flaskModule: boolean;

  constructor(private readonly eng: TaintEngine, private readonly fn: Func, private readonly mod: Module, private env: Map<string, Val>, private readonly summary: Summary | undefined, private readonly facts: HandlerFacts | undefined) {
    this.py = mod.lang === 'py';
    this.flaskRequest = this.py && mod.imports.some((i) => i.local === 'request' && /^(flask|quart|werkzeug)/.test(i.module));
    this.flaskModule = this.py && mod.imports.some((i) => /^(flask|quart)/.test(i.module)) && !mod.imports.some((i) => /^fastapi/.test(i.module));
  }

  private readonly observerCtx = new Map<CallObserver, CallContext>();

  private observerContext(o: CallObserver): CallContext {
    let ctx = this.observerCtx.get(o);
    if (!ctx) {
      ctx = {
        file: this.mod.file,
        lang: this.mod.lang,
        valueOf: (e) => this.eval(e),
        isLocalContainer: (name) => this.isLocalContainer(name),
        report: (h) => this.report({ spec: { kind: 'mass', names: [], args: [], what: h.sink }, checkId: o.id }, h.label, h.line, h.sink),
      };
      this.observerCtx.set(o, ctx);
    }
    return ctx;
  }

  private userRef(line: number): void {
    if (this.flagDepth === 0) this.facts?.userRefs.push(line);
  }

  block(list: readonly Stmt[]): boolean {
    for (const s of list) if (this.stmt(s)) return true;
    return false;
  }

  /** Returns true when the statement always leaves the function. */
  private stmt(s: Stmt): boolean {
    switch (s.k) {
      case 'assign': {
        const v = this.eval(s.value);
        this.assign(s.target, v, s.line, s.augmented === true);
        if (s.target.k === 'member' || s.target.k === 'index') this.memberWrite(s.target, v, s.line);
        return false;
      }
      case 'expr': this.eval(s.e); return false;
      case 'return': if (s.e) { const v = this.eval(s.e); this.ret = union(this.ret, v); this.returned(s.e, v, s.line); } return true;
      case 'throw': if (s.e) this.eval(s.e); return true;
      case 'if': {
        this.eval(s.test);
        const flag = isModeFlag(s.test);
        if (flag) this.flagDepth++;
        try {
          return this.ifStmt(s);
        } finally {
          if (flag) this.flagDepth--;
        }
      }
      case 'loop': {
        if (s.iter) {
          const it = this.eval(s.iter);
          if (s.target) this.assign(s.target, elementsOf(it, s.keys === true, this.py, this.mod.file, s.line), s.line, false);
        }
        this.loopBody(s.body);
        this.loopBody(s.body);
        return false;
      }
      case 'continue': this.contEnvs?.push(new Map(this.env)); return true;
      case 'block': return this.block(s.body);
      case 'fn': if (s.fn.name) this.env.set(s.fn.name, EMPTY); return false;
      case 'class': return false;
    }
  }

  /** States at the `continue` statements of the loop body being interpreted. */
  private contEnvs: Map<string, Val>[] | undefined;

  /** A loop body: the state after it joins the fall-through state with the state at each `continue`. */
  private loopBody(list: readonly Stmt[]): void {
    const saved = this.contEnvs;
    const conts: Map<string, Val>[] = [];
    this.contEnvs = conts;
    this.block(list);
    this.contEnvs = saved;
    for (const c of conts) for (const [k, v] of c) { const o = this.env.get(k); if (o !== v) this.env.set(k, o ? union(o, v) : v); }
  }

  private ifStmt(s: Extract<Stmt, { k: 'if' }>): boolean {
    {
      {
        const guard = this.guardOf(s.test);
        const before = this.env;
        this.env = new Map(before);
        if (guard && guard.positive) this.sanitiseName(guard, s.line);
        const thenExits = this.block(s.then);
        const thenEnv = this.env;
        this.env = new Map(before);
        if (guard && !guard.positive && thenExits) this.sanitiseName(guard, s.line);
        // a deny-list that drops privileged names: if (k === 'role') continue;
        if (guard && guard.positive && thenExits && guard.within) this.denied(guard, s.line);
        const elseExits = this.block(s.else);
        const elseEnv = this.env;
        if (thenExits && elseExits) { this.env = before; return true; }
        if (thenExits) this.env = elseEnv;
        else if (elseExits) this.env = thenEnv;
        else {
          const merged = new Map(thenEnv);
          for (const [k, v] of elseEnv) merged.set(k, merged.has(k) ? union(merged.get(k)!, v) : v);
          this.env = merged;
        }
        return false;
      }
    }
  }

  private sanitiseName(g: Guard, line: number): void {
    const v = this.env.get(g.name);
    if (v) this.env.set(g.name, this.limited(v, g, line));
  }

  /**
   * A value that passed a guard. A membership test against a constant allow-list whose names include
   * a privileged one still lets the client choose that name (for mass assignment only); any other
   * passed guard clears the kinds it names.
   */
  private limited(v: Val, g: Guard, line: number): Val {
    const c = g.within && g.clean === ALL_KINDS ? (g.within.k === 'arr' ? { members: g.within.items.map((x) => (x.k === 'str' ? x.value : '')), name: 'the names it is compared with' } : constStrings(g.within, this.scopes(), this.eng.proj, this.isLocal)) : undefined;
    const priv = c ? privilegedOf(c.members) : undefined;
    if (c && priv) {
      return mapLabels(v, (l) => ((l.source || l.param !== undefined) && !(l.clean & KIND_BIT.mass)
        ? addStep({ ...l, whole: false, entries: undefined, key: { priv, via: c.name }, clean: l.clean | (ALL_KINDS & ~KIND_BIT.mass) }, { kind: 'step', file: this.mod.file, line, message: `checked against ${c.name}, which admits '${priv}'` })
        : { ...l, clean: l.clean | ALL_KINDS }));
    }
    return mapLabels(v, (l) => ({ ...l, clean: l.clean | g.clean }));
  }

  /** After `if (DENIED.has(k)) continue;` naming privileged fields, the key is no longer a mass-assignment risk. */
  private denied(g: Guard, line: number): void {
    const v = this.env.get(g.name);
    if (!v || !g.within) return;
    const c = g.within.k === 'arr' ? { members: g.within.items.map((x) => (x.k === 'str' ? x.value : '')), name: 'a deny-list' } : constStrings(g.within, this.scopes(), this.eng.proj, this.isLocal);
    const priv = c ? privilegedOf(c.members) : undefined;
    if (!priv) return;
    this.env.set(g.name, mapLabels(v, (l) => addStep({ ...l, clean: l.clean | KIND_BIT.mass | KIND_BIT.privileged }, { kind: 'step', file: this.mod.file, line, message: `privileged name '${priv}' refused` })));
  }

  /** Allow-list and shape checks guarding a name: `if (!ALLOWED.includes(x)) return`. */
  private guardOf(test: Expr): Guard | undefined {
    let positive = true;
    let t = test;
    while (t.k === 'op' && (t.op === '!' || t.op === 'not') && t.parts.length === 1) { positive = !positive; t = t.parts[0]!; }
    if (t.k === 'op' && /^(not in|in)$/.test(t.op) && t.parts.length === 2 && t.parts[0]!.k === 'name') {
      return { name: t.parts[0].name, clean: ALL_KINDS, positive: t.op === 'in' ? positive : !positive, within: t.parts[1] };
    }
    // k === 'email' || k === 'display_name'
    const eqs = t.k === 'op' && (t.op === '||' || t.op === 'or' || t.op === '===' || t.op === '==') ? equalities(t) : undefined;
    if (eqs) return { name: eqs.name, clean: ALL_KINDS, positive, within: { k: 'arr', items: eqs.values.map((value) => ({ k: 'str', value, line: t.line })), line: t.line } };
    if (t.k === 'call' && t.callee.k === 'member') {
      const m = t.callee.prop;
      const a = t.args[0];
      if ((m === 'includes' || m === 'has' || m === 'indexOf' || m === 'hasOwnProperty') && a?.k === 'name' && !this.hasTaint(t.callee.obj)) return { name: a.name, clean: ALL_KINDS, positive, within: t.callee.obj };
      if ((m === 'test' || m === 'match' || m === 'fullmatch') && (t.callee.obj.k === 'lit' || t.callee.obj.k === 'name' || t.callee.obj.k === 'member')) {
        const target = m === 'test' ? a : t.args[1];
        if (target?.k === 'name') return { name: target.name, clean: ALL_KINDS, positive };
      }
      if (m === 'startsWith' || m === 'startswith') {
        const o = t.callee.obj;
        if (o.k === 'name') return { name: o.name, clean: KIND_BIT.path | KIND_BIT.redirect | KIND_BIT.ssrf, positive };
      }
      if (/^(isInt|isNumeric|isUUID|isAlphanumeric|isdigit|isalnum|isdecimal|isnumeric|isEmail|isMongoId)$/.test(m)) {
        const target = t.callee.obj.k === 'name' && this.py ? t.callee.obj : a;
        if (target?.k === 'name') return { name: target.name, clean: ALL_KINDS, positive };
      }
    }
    if (t.k === 'op' && (t.op === '===' || t.op === '==' || t.op === '!==' || t.op === '!=') && t.parts.length === 2) {
      const [l, r] = t.parts;
      const eqPositive = t.op === '===' || t.op === '==' ? positive : !positive;
      if (l?.k === 'op' && l.op === 'typeof' && l.parts[0]?.k === 'name' && r?.k === 'str' && (r.value === 'string' || r.value === 'number')) return { name: l.parts[0].name, clean: r.value === 'number' ? ALL_KINDS : KIND_BIT.nosql | KIND_BIT.mass, positive: eqPositive };
    }
    return undefined;
  }

  private hasTaint(e: Expr): boolean {
    return this.evalQuiet(e).labels.length > 0;
  }

  private evalQuiet(e: Expr): Val {
    if (e.k === 'name') return this.env.get(e.name) ?? EMPTY;
    return EMPTY;
  }

  private assign(t: Target, v: Val, line: number, augmented: boolean, omitted = false): void {
    switch (t.k) {
      case 'name': {
        if (!omitted && PRIVILEGED.test(t.name) && v.labels.some((l) => l.source || l.param !== undefined)) this.facts?.privilegedWrites.push({ line, field: t.name, fromRequest: true });
        const stepped = v.labels.length ? mapLabels(v, (l) => addStep(l, { kind: 'step', file: this.mod.file, line, message: `assigned to ${t.name}` })) : v;
        const withFlags: Val = v.req || v.user ? { ...stepped, req: v.req, reqName: v.reqName, user: v.user } : stepped;
        this.env.set(t.name, augmented ? union(this.env.get(t.name) ?? EMPTY, withFlags) : withFlags);
        return;
      }
      case 'pattern':
        // with a rest element the named fields are often taken out only to be dropped: not a privileged write by themselves
        for (const p of t.props) this.assign(p.target, this.member(v, p.key, line), line, false, t.rest !== undefined);
        if (t.rest) {
          // const { role, isAdmin, ...rest } = req.body: the privileged fields are left out of rest
          const omitted = t.props.find((p) => PRIVILEGED_NAME.test(p.key));
          this.assign(t.rest, omitted && v.labels.length ? mapLabels(v, (l) => addStep({ ...l, clean: l.clean | KIND_BIT.mass | KIND_BIT.privileged }, { kind: 'step', file: this.mod.file, line, message: `privileged field ${omitted.key} left out` })) : v, line, false);
        }
        return;
      case 'tuple':
        t.items.forEach((x, i) => this.assign(x, pairItem(v, i), line, false));
        return;
      case 'member': case 'index': {
        // container write: the object now carries the taint
        const root = t.obj.k === 'name' ? t.obj.name : undefined;
        if (root && v.labels.length) this.env.set(root, union(this.env.get(root) ?? EMPTY, mapLabels(v, (l) => ({ ...l, whole: false, key: undefined, entries: undefined }))));
        if (root && t.k === 'index') {
          // record[key] = value with a request-chosen key: the client now shapes the object, as if it were the body
          const k = this.eval(t.index);
          const chosen = mapLabels(k, (l) => ((l.source || l.param !== undefined) && !(l.clean & KIND_BIT.mass) ? addStep({ ...l, whole: true, key: undefined, entries: undefined }, { kind: 'step', file: this.mod.file, line, message: `written into ${root}[…] under ${keyPhrase(l.key)}` }) : undefined));
          if (chosen.labels.length) this.env.set(root, union(chosen, this.env.get(root) ?? EMPTY));
        }
        return;
      }
      case 'none': return;
    }
  }

  private memberWrite(t: Extract<Target, { k: 'member' } | { k: 'index' }>, v: Val, line: number): void {
    if (t.k === 'member' && t.prop === 'body' && !this.py && v.labels.length && this.eval(t.obj).req) {
      // Koa: ctx.body = '<p>' + input  (strings are served as text/html)
      for (const s of this.eng.sinksFor('<koa-body>')) for (const l of v.labels) if (!(l.clean & KIND_BIT[s.spec.kind])) this.report(s, l, line, `${dotted(t.obj) ?? 'ctx'}.body =`);
      return;
    }
    if (t.k !== 'member' || !PRIVILEGED.test(t.prop)) return;
    const fromReq = v.labels.some((l) => l.source || l.param !== undefined);
    this.facts?.privilegedWrites.push({ line, field: t.prop, fromRequest: fromReq });
    for (const l of v.labels) {
      if (l.clean & KIND_BIT.privileged) continue;
      this.report({ spec: PRIV_SPEC, checkId: 'code/mass-assignment' }, l, line, `${dotted(t.obj) ?? 'object'}.${t.prop} =`);
    }
  }

  /** Member access on a value. */
  private member(base: Val, prop: string | null, line: number): Val {
    if (base.req) {
      if (prop === null) return EMPTY;
      // Koa: ctx.request is the request; ctx.state.user is the signed-in user
      if (prop === 'request' && (base.req === 'js' || base.req === 'drf')) return { ...base, reqName: `${base.reqName ?? 'ctx'}.request` };
      const props = base.req === 'js' ? JS_SOURCE_PROPS : base.req === 'flask' ? FLASK_SOURCE_PROPS : base.req === 'drf' ? DRF_SOURCE_PROPS : STARLETTE_SOURCE_PROPS;
      if (props.has(prop)) {
        const who = base.reqName ?? (base.req === 'js' ? 'req' : 'request');
        const desc = `${who}.${prop}`;
        const whole = /^(body|query|params|json|form|values|args|data|cookies|headers|query_params|GET|POST)$/.test(prop);
        return { labels: [{ source: { desc, file: this.mod.file, line }, steps: [{ kind: 'source', file: this.mod.file, line, message: desc }], clean: 0, whole }] };
      }
      if (USER_PROPS.has(prop)) return { labels: [], user: true };
      return EMPTY;
    }
    if (base.user) return { labels: [], user: true };
    if (base.labels.length === 0) return EMPTY;
    if (prop === 'length' || prop === 'size') return EMPTY;
    return mapLabels(base, (l) => {
      let steps = l.steps;
      // refine the source's description: req.query -> req.query.id
      if (prop !== null && steps.length === 1 && steps[0]!.kind === 'source' && l.whole && l.source) {
        const msg = `${steps[0]!.message}.${prop}`;
        steps = [{ ...steps[0]!, message: msg }];
        return { ...l, steps, whole: false, source: { ...l.source, desc: msg } };
      }
      return { ...l, whole: false };
    });
  }

  eval(e: Expr): Val {
    switch (e.k) {
      case 'name': {
        const v = this.env.get(e.name);
        if (v) return v;
        if (this.flaskRequest && e.name === 'request') return { labels: [], req: 'flask' };
        if (e.name === 'current_user' || e.name === 'g') return { labels: [], user: e.name === 'current_user' };
        return EMPTY;
      }
      case 'member': {
        const d = dotted(e);
        if (d && /^(g\.user|g\.current_user|session\.user_id|session\.userId|session\.user|(res|response|ctx)\.locals\.(user|account|auth)|ctx\.state\.user)$/.test(d)) return { labels: [], user: true };
        return this.member(this.eval(e.obj), e.prop, e.line);
      }
      case 'index': {
        const base = this.eval(e.obj);
        const idx = this.eval(e.index);
        if (base.req) return this.member(base, null, e.line);
        // PROFILE_COLUMNS[field]: a request-chosen key looked up in a constant map
        if (base.labels.length === 0 && idx.labels.length) return this.lookup(e.obj, idx, e.line);
        return mapLabels(base, (l) => ({ ...l, whole: false }));
      }
      case 'call': return this.call(e);
      case 'str': case 'lit': case 'unknown': return EMPTY;
      case 'concat': {
        let v: Val = EMPTY;
        for (const p of e.parts) v = union(v, this.eval(p));
        if (v.labels.length === 0) return EMPTY;
        let clean = KIND_BIT.nosql | KIND_BIT.mass;
        const first = e.parts[0];
        const lead = first?.k === 'str' ? (e.how === 'format' || e.how === 'percent' ? first.value.split(/\{|%/)[0]! : first.value) : '';
        if (/^https?:\/\/[^/]+\//i.test(lead)) clean |= KIND_BIT.ssrf | KIND_BIT.redirect;
        else if (/^\/[^/\\]/.test(lead)) clean |= KIND_BIT.redirect | KIND_BIT.ssrf;
        // a request-chosen key stays a column/attribute name inside a built string (`${key} = ?`)
        return mapLabels(v, (l) => ({ ...l, whole: false, clean: l.clean | (l.key ? clean & ~KIND_BIT.mass : clean) }));
      }
      case 'obj': {
        let v: Val = EMPTY;
        for (const p of e.props) {
          const pv = this.eval(p.value);
          v = union(v, p.spread ? pv : mapLabels(pv, (l) => ({ ...l, whole: false })));
        }
        return v;
      }
      case 'arr': {
        let v: Val = EMPTY;
        for (const p of e.items) v = union(v, this.eval(p));
        return mapLabels(v, (l) => ({ ...l, whole: false }));
      }
      case 'fn': this.closure(e.fn, NO_VALS); return EMPTY;
      case 'op': {
        if (e.test) this.eval(e.test);
        const flag = e.test !== undefined && isModeFlag(e.test);
        if (flag) this.flagDepth++;
        const modeAnd = (e.op === '&&' || e.op === 'and') && conjuncts(e).some(isModeFlag);
        if (modeAnd) this.flagDepth++;
        const vals = e.parts.map((p, i) => {
          // config.secure ? safe : unsafe -- only the second branch runs when the flag is off
          if (flag && i === 1) { this.flagDepth--; const v = this.eval(p); this.flagDepth++; return v; }
          return this.eval(p);
        });
        if (flag) this.flagDepth--;
        if (modeAnd) this.flagDepth--;
        if (/^(\|\||&&|\?\?|or|and|\?:|jsx)$/.test(e.op)) return vals.reduce(union, EMPTY);
        if (e.parts.length === 1 && /^[-+~]$/.test(e.op)) return EMPTY; // unary numeric conversion
        if (e.op === '+') return vals.reduce(union, EMPTY);
        // the current user compared with something: an ownership or identity check
        if (/^(===|==|!==|!=|is|is not|in|not in|<|>)$/.test(e.op) && vals.some((v) => v.user)) this.userRef(e.line);
        return EMPTY;
      }
    }
  }

  /** A local assigned once in this function from a container literal (`[]`, `{}`, `new Set()`, `dict()`). */
  private isLocalContainer(name: string): boolean {
    const v = localValues(this.fn).get(name);
    return v !== undefined && v !== null && isContainerLiteral(v);
  }

  /** Functions enclosing this one (for an inline callback), innermost first. */
  private enclosing: readonly Func[] = [];

  /** This function and the ones around it, innermost first: where its locals were assigned. */
  private scopes(): readonly Func[] {
    return this.enclosing.length ? [this.fn, ...this.enclosing] : [this.fn];
  }

  /** A local name of the function being interpreted (module-level constants are not in the environment). */
  private isLocal = (name: string): boolean => this.env.has(name);

  /**
   * A request-chosen value used as the key of a lookup in a constant map (`COLUMNS[field]`,
   * `COLUMNS.get(field)`): the result is one of the map's values. It carries no injection risk, but
   * when one of those values is a privileged name the client can still choose that column.
   */
  private lookup(map: Expr, key: Val, line: number): Val {
    const c = constStrings(map, this.scopes(), this.eng.proj, this.isLocal);
    if (!c) return EMPTY;
    return this.restrict(key, c.values, c.name, line, 'looked up in');
  }

  /** Limit a request-chosen value to a constant set of names: harmless unless one of them is privileged. */
  private restrict(v: Val, names: readonly string[], via: string, line: number, how: string): Val {
    const priv = privilegedOf(names);
    if (!priv) return EMPTY;
    return mapLabels(v, (l) => ((l.source || l.param !== undefined) && !(l.clean & KIND_BIT.mass)
      ? addStep({ ...l, whole: false, entries: undefined, key: { priv, via }, clean: l.clean | (ALL_KINDS & ~KIND_BIT.mass) }, { kind: 'step', file: this.mod.file, line, message: `${how} ${via}, which admits '${priv}'` })
      : undefined));
  }

  /**
   * Interpret an inline function with the given parameter values; returns what it returns. Writes
   * it makes to the enclosing function's objects (`keys.forEach((k) => { out[k] = body[k]; })`)
   * are kept.
   */
  private closure(fn: Func, params: readonly Val[]): Val {
    if (fn.body.length === 0) return EMPTY;
    const outer = this.env;
    const env = new Map(outer);
    const inner = new Interp(this.eng, fn, this.mod, env, this.summary, this.facts);
    inner.enclosing = this.scopes();
    const own = new Set<string>();
    fn.params.forEach((p, i) => {
      const v = params[i] ?? EMPTY;
      if (p.name) { env.set(p.name, v); own.add(p.name); } else if (p.pattern) inner.assign(p.pattern, v, fn.line, false);
    });
    inner.block(fn.body);
    for (const [k, v] of inner.env) {
      if (own.has(k)) continue;
      const o = outer.get(k);
      if (o !== undefined && o !== v && v.labels.length) outer.set(k, union(o, v));
    }
    return inner.ret;
  }

  /** `keys.filter((k) => ALLOWED.includes(k))`: the elements the callback's allow-list test admits. */
  private filtered(recv: Val, fn: Func): Val {
    const p = fn.params[0]?.name;
    const body = fn.body.length === 1 ? fn.body[0] : undefined;
    if (!p || body?.k !== 'return' || !body.e) return recv;
    const g = this.guardOf(body.e);
    if (!g || g.name !== p || !g.positive) return recv;
    return this.limited(recv, g, fn.line);
  }

  private returned(e: Expr, v: Val, line: number): void {
    // Flask/FastAPI views: a returned string is the response body (HTML by default in Flask)
    if (!this.facts || !this.py || !this.flaskModule) return;
    if (e.k === 'call' || e.k === 'obj' || e.k === 'arr') return;
    for (const s of this.eng.sinksFor('<return>')) {
      if (s.spec.langs && !s.spec.langs.includes('py')) continue;
      for (const l of v.labels) if (!(l.clean & KIND_BIT[s.spec.kind])) this.report(s, l, line, 'the view return value');
    }
  }

  private call(c: Call): Val {
    const name = calleeName(c) ?? '';
    const text = calleeText(c);
    // receiver value (for methods)
    const recv = c.callee.k === 'member' ? this.eval(c.callee.obj) : EMPTY;
    const args = c.args.map((a) => (a.k === 'fn' ? EMPTY : this.eval(a)));
    const kws = c.kw.map((k) => this.eval(k.value));

    // sources: req.get('x'), request.get_json(), await request.json()
    if (recv.req && REQ_SOURCE_METHODS.has(name)) {
      const who = recv.reqName ?? (recv.req === 'js' ? 'req' : 'request');
      const a0 = c.args[0];
      const desc = `${who}.${name}(${a0?.k === 'str' ? `'${a0.value}'` : ''})`;
      const whole = /^(get_json|json|form|body)$/.test(name);
      return { labels: [{ source: { desc, file: this.mod.file, line: c.line }, steps: [{ kind: 'source', file: this.mod.file, line: c.line, message: desc }], clean: 0, whole }] };
    }

    // request.args.get('q'): name the parameter in the source description
    if (!recv.req && /^(get|getlist|get_json|getAll|getAll)$/.test(name) && c.args[0]?.k === 'str' && recv.labels.length === 1) {
      const l = recv.labels[0]!;
      if (l.source && l.whole && l.steps.length === 1 && l.steps[0]!.kind === 'source') {
        const desc = `${l.source.desc}.${name}('${c.args[0].value}')`;
        for (const s of this.eng.sinksFor(name)) this.checkSink(s, c, text, args, kws);
        return { labels: [{ ...l, whole: false, source: { ...l.source, desc }, steps: [{ ...l.steps[0]!, message: desc }] }] };
      }
    }

    if (CURRENT_USER_FN.test(name)) return { labels: [], user: true };

    // sinks
    for (const s of this.eng.sinksFor(name)) this.checkSink(s, c, text, args, kws);
    for (const o of this.eng.obs) o.observe(c, this.observerContext(o));

    // facts for route rules
    if (this.facts && DB_RESULT.test(name) && c.callee.k === 'member' && !recv.req && recv.labels.length === 0 && DB_RECEIVER.test(text)) {
      const inputArgs = args.some((a) => a.labels.length > 0) || kws.some((a) => a.labels.length > 0);
      const idLabel = (l: Label): boolean => l.source !== undefined && /id|slug|uuid|key|number|no\b|\bpk\b/i.test(l.source.desc);
      let idFromRequest = [...args, ...kws].some((a) => a.labels.some(idLabel));
      // SQLAlchemy/ORM filter expressions: Item.id == item_id
      if (!idFromRequest) walkExprs([{ k: 'expr', e: { ...c, callee: { k: 'unknown', line: c.line } }, line: c.line }], (x) => { if (x.k === 'name' && this.env.get(x.name)?.labels.some(idLabel)) idFromRequest = true; });
      const userScoped = [...args, ...kws].some((a) => a.user) || containsUser(c);
      const userScopedHere = userScoped && this.flagDepth === 0;
      this.facts.dbCalls.push({ line: c.line, callee: text, inputArgs, idFromRequest, userScoped: userScopedHere, userData: USER_DATA.test(literalsOf(c)) });
    }

    // keys and key/value pairs of an object
    if (this.py) {
      if (c.callee.k === 'member' && c.args.length === 0 && recv.labels.length && (name === 'items' || name === 'keys' || name === 'iteritems')) return name === 'keys' ? keysOf(recv, this.mod.file, c.line, `${text}()`) : entriesOf(recv, this.mod.file, c.line, `${text}()`);
    } else if (text === 'Object.keys' || text === 'Object.getOwnPropertyNames' || text === 'Reflect.ownKeys') return keysOf(args[0] ?? EMPTY, this.mod.file, c.line, `${text}()`);
    else if (text === 'Object.entries') return entriesOf(args[0] ?? EMPTY, this.mod.file, c.line, `${text}()`);
    // COLUMNS.get(field) on a constant map
    if (name === 'get' && c.callee.k === 'member' && recv.labels.length === 0 && !recv.req && !recv.user && args[0]?.labels.length) {
      const looked = this.lookup(c.callee.obj, args[0], c.line);
      if (looked.labels.length || constStrings(c.callee.obj, this.scopes(), this.eng.proj, this.isLocal)) return looked;
    }
    // cols.push(x), names.append(x), seen.add(x): the local container now holds the value
    if (c.callee.k === 'member' && c.callee.obj.k === 'name' && CONTAINER_ADD.has(name) && args.some((a) => a.labels.length) && this.isLocalContainer(c.callee.obj.name)) {
      const root = c.callee.obj.name;
      let v = this.env.get(root) ?? EMPTY;
      for (const a of args) v = union(v, mapLabels(a, (l) => ({ ...l, whole: false })));
      this.env.set(root, v);
    }

    // callbacks: analyse inline functions, binding array callbacks to the receiver's elements
    let cb: { fn: Func; ret: Val } | undefined;
    c.args.forEach((a, i) => {
      if (a.k !== 'fn') return;
      const params = !ARRAY_CB.has(name) ? NO_VALS : name === 'reduce' ? [args[1] ?? EMPTY, recv] : [recv];
      const ret = this.closure(a.fn, params);
      if (i === 0 && name !== 'then') cb = { fn: a.fn, ret };
    });
    if (cb && recv.labels.length && ARRAY_CB.has(name)) {
      if (name === 'map' || name === 'flatMap') return mapLabels(cb.ret, (l) => ({ ...l, whole: false }));
      if (name === 'reduce') return union(cb.ret, args[1] ?? EMPTY);
      if (name === 'filter' || name === 'find') return this.filtered(recv, cb.fn);
      if (name === 'forEach' || name === 'some' || name === 'every') return EMPTY;
    }

    // sanitisers
    const san = sanitiserOf(text, name, this.py);
    if (san !== undefined) {
      const v = [recv, ...args, ...kws].reduce(union, EMPTY);
      return mapLabels(v, (l) => addStep({ ...l, clean: l.clean | san.clean, whole: san.keepWhole ? l.whole : false }, { kind: 'step', file: this.mod.file, line: c.line, message: `${san.label} by ${text}()` }));
    }

    // calls into the project: per-function summaries
    const target = c.callee.k === 'name' || c.callee.k === 'member' ? this.eng.proj.resolveCallee(this.mod.file, c.callee) : undefined;
    if (target && target.fn.body.length > 0) {
      const offset = target.fn.cls && c.callee.k === 'member' && this.py && target.fn.params[0]?.name === 'self' ? 1 : 0;
      let mask = 0;
      args.forEach((a, i) => { if (a.req) mask |= 1 << (i + offset); });
      const sum = this.eng.summary(target.fn, mask);
      const fname = target.fn.name ?? text;
      const argVal = (i: number): Val => args[i - offset] ?? (target.fn.params[i]?.name ? (c.kw.findIndex((k) => k.name === target.fn.params[i]!.name) >= 0 ? kws[c.kw.findIndex((k) => k.name === target.fn.params[i]!.name)]! : EMPTY) : EMPTY);
      for (const s of sum.sinks) {
        const av = argVal(s.param);
        for (const l of av.labels) {
          if ((l.clean | s.clean) & KIND_BIT[s.spec.kind]) continue;
          if (s.spec.wholeOnly && !(l.whole && s.whole)) continue;
          // a key the callee took from this argument (needs a request object), or a key passed in
          if (s.spec.keysOnly && !(s.key ? l.whole || l.key : l.key)) continue;
          const through = addStep(l, { kind: 'step', file: this.mod.file, line: c.line, message: `passed to ${fname}()` });
          const inner = [...through.steps, ...s.steps];
          this.emit({ spec: s.spec, checkId: s.checkId }, { ...through, steps: inner, key: s.key ?? l.key }, s.line, s.sinkText, s.file, s.clean);
        }
      }
      // return value
      let ret: Val = EMPTY;
      for (const l of sum.ret.labels) {
        if (l.param !== undefined) {
          const av = argVal(l.param);
          ret = union(ret, mapLabels(av, (x) => {
            // keys the callee took from its parameter are the client's only when the argument was a request object
            if (l.key && !l.key.priv && !x.whole && !x.key) return undefined;
            const entries = l.entries === 'request' && !x.whole ? 'fixed' : l.entries ?? x.entries;
            return addStep({ ...x, clean: x.clean | l.clean, whole: x.whole && l.whole, key: l.key ?? x.key, entries, steps: [...x.steps, ...l.steps] }, { kind: 'step', file: this.mod.file, line: c.line, message: `returned from ${fname}()` });
          }));
        } else ret = union(ret, { labels: [l] });
      }
      if (sum.ret.user) ret = { ...ret, user: true };
      return ret;
    }

    // unknown library call: propagate from receiver and arguments, except database results
    if (c.callee.k === 'member' && DB_RESULT.test(name) && !recv.labels.length) return EMPTY;
    if (recv.req || recv.user) return recv.user ? { labels: [], user: true } : EMPTY;
    if (/^(len|Object\.keys|Array\.isArray|isinstance|hasattr|callable|typeof)$/.test(text)) return EMPTY;
    // SQLAlchemy Core statements (update(User).where(...).values(**data)) bind their values as parameters
    if (this.py && SA_STATEMENT.test(text) && this.mod.imports.some((i) => /^sqlalchemy/.test(i.module) && i.local === text.split(/[.(]/)[0])) return EMPTY;
    let v: Val = recv;
    for (const a of args) v = union(v, a);
    for (const a of kws) v = union(v, a);
    if (c.isNew && v.labels.length === 0) return EMPTY;
    return v.labels.length ? mapLabels(v, (l) => ({ ...l, whole: l.whole && (c.isNew === true || /^(assign|merge|extend|dict|copy|deepcopy|clone|cloneDeep|toObject|toJSON|model_dump|dict)$/.test(name)) })) : EMPTY;
  }

  private checkSink(s: { spec: SinkSpec; checkId: string }, c: Call, text: string, args: Val[], kws: Val[]): void {
    const spec = s.spec;
    if (spec.langs && !spec.langs.includes(this.py ? 'py' : 'js')) return;
    if (spec.callee && !spec.callee.test(text)) return;
    const positions = spec.args === 'all' ? args.map((_, i) => i) : spec.args;
    const vals: Val[] = positions.map((i) => args[i] ?? EMPTY);
    if (spec.kw) c.kw.forEach((k, i) => { if (spec.kw!.includes(k.name)) vals.push(kws[i]!); });
    if (spec.keysOnly && !vals.some((v) => v.labels.some((l) => l.key && !(l.clean & KIND_BIT[spec.kind])))) return;
    if (spec.when && !spec.when(c, this.mod.lang, (n) => localValues(this.fn).get(n) ?? undefined)) return;
    for (const v of vals) for (const l of v.labels) {
      if (l.clean & KIND_BIT[spec.kind]) continue;
      if (spec.wholeOnly && !l.whole) continue;
      if (spec.keysOnly && !l.key) continue;
      this.report(s, l, c.line, `${text}()`);
    }
  }

  private report(s: { spec: SinkSpec; checkId: string }, l: Label, line: number, sinkText: string): void {
    this.emit(s, l, line, sinkText, this.mod.file, 0);
  }

  private emit(s: { spec: SinkSpec; checkId: string }, l: Label, line: number, sinkText: string, file: string, clean: number): void {
    if (l.param !== undefined && !l.source) {
      this.summary?.sinks.push({ param: l.param, spec: s.spec, checkId: s.checkId, steps: l.steps, sinkText, line, file, whole: l.whole, clean: l.clean | clean, key: l.key });
      return;
    }
    if (!l.source) return;
    const trace: TraceStep[] = [...l.steps, { kind: 'sink', file, line, message: `${s.spec.what}: ${sinkText}` }];
    this.eng.recordHit({ checkId: s.checkId, spec: s.spec, file, line, trace, source: l.source.desc, sink: sinkText, ...(l.key ? { key: l.key } : {}) });
  }
}

const PRIV_SPEC: SinkSpec = { kind: 'privileged', names: [], args: [], what: 'privileged field written' };

function containsUser(c: Call): boolean {
  let found = false;
  const visit = (e: Expr): void => {
    if (found) return;
    const d = dotted(e);
    if (d && /^(req|request|ctx)\.(user|auth|session)|^(current_user|g\.user|user|currentUser|session)\b/.test(d)) { found = true; return; }
    if (e.k === 'obj') for (const p of e.props) visit(p.value);
    if (e.k === 'arr') for (const p of e.items) visit(p);
    if (e.k === 'call') { for (const p of e.args) visit(p); for (const k of e.kw) visit(k.value); }
    if (e.k === 'concat') for (const p of e.parts) visit(p);
  };
  for (const a of c.args) visit(a);
  for (const k of c.kw) visit(k.value);
  return found;
}
