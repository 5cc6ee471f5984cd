import type { Call, ClassDef, Expr, Func, Module } from '../ir.js';
import { callsOf, dotted } from '../ir.js';
import type { Binding, Framework, Guard, Route } from '../model.js';
import type { Project } from '../project.js';
import { classifyName, exprLabel, inlineGuards } from './guards.js';

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'options', 'head', 'all']);
const APPISH = /^(app|router|api|server|fastify|instance|routes?|\w*[Rr]outer|\w*[Aa]pp|\w*[Aa]pi)$/;

interface Mount { readonly child: string; readonly parent: string; readonly prefix: string; readonly line: number; readonly guards: readonly Guard[] }
interface Use { readonly key: string; readonly line: number; readonly guards: readonly Guard[]; readonly prefix: string; readonly always?: boolean }
interface RawRoute {
  readonly framework: Framework; readonly method: string; readonly path: string; readonly key: string;
  readonly file: string; readonly line: number; readonly handler?: Func; readonly handlerName: string;
  readonly guards: Guard[]; readonly binding: Binding; readonly numeric: Set<string>; readonly staticFiles?: boolean;
}

/** Find every route of every framework we know in the project. */
export function extractRoutes(project: Project): Route[] {
  const raws: RawRoute[] = [];
  const mounts: Mount[] = [];
  const uses: Use[] = [];
  const prefixes = new Map<string, string>();
  const kinds = new Map<string, string>();

  for (const mod of project.modules.values()) {
    const py = mod.lang === 'py';
    // constructed apps and routers
    walkAssigns(mod, (name, value) => {
      if (value.k !== 'call') return;
      const c = dotted(value.callee) ?? '';
      const key = `${mod.file}:${name}`;
      if (py) {
        if (/(^|\.)(Flask|FastAPI)$/.test(c)) kinds.set(key, 'app');
        if (/(^|\.)(Blueprint|APIRouter)$/.test(c)) {
          kinds.set(key, 'router');
          const p = value.kw.find((k) => k.name === 'url_prefix' || k.name === 'prefix');
          if (p?.value.k === 'str') prefixes.set(key, p.value.value);
          const deps = value.kw.find((k) => k.name === 'dependencies');
          if (deps) uses.push({ key, line: 0, guards: depGuards(deps.value, mod.file), prefix: '', always: true });
        }
      } else if (/^(express|fastify|Fastify|koa|Koa)$/.test(c) || /^(express\.Router|Router|KoaRouter|express\.default|require\(\)\.Router)$/.test(c)) {
        kinds.set(key, /Router/.test(c) ? 'router' : 'app');
        // koa-router: new Router({ prefix: '/api' })
        const o = value.args[0];
        const p = o?.k === 'obj' ? o.props.find((x) => x.key === 'prefix')?.value : undefined;
        if (p?.k === 'str') prefixes.set(key, p.value);
      }
    });
    if (py) extractPython(project, mod, raws, mounts, uses, kinds);
    else extractJs(project, mod, raws, mounts, uses, kinds);
  }

  // full paths and inherited middleware
  const usesByKey = new Map<string, Use[]>();
  for (const u of uses) { const l = usesByKey.get(u.key) ?? []; l.push(u); usesByKey.set(u.key, l); }
  const mountsByChild = new Map<string, Mount[]>();
  for (const m of mounts) { const l = mountsByChild.get(m.child) ?? []; l.push(m); mountsByChild.set(m.child, l); }
  const out: Route[] = [];
  for (const r of raws) {
    const chains = mountChains(r.key, mountsByChild, 0);
    for (const chain of chains) {
      let path = r.path;
      const guards: Guard[] = [...r.guards];
      let key = r.key;
      let line = r.line;
      let sub = r.path;
      for (const m of [null, ...chain]) {
        if (m) { path = joinPath(m.prefix, path); guards.push(...m.guards); key = m.parent; line = m.line; sub = path; }
        const own = prefixes.get(key);
        if (own && !m) path = joinPath(own, path);
        else if (own && m) path = joinPath(own, path);
        for (const u of usesByKey.get(key) ?? []) if ((u.always || u.line < line) && (u.prefix === '' || sub.startsWith(u.prefix))) guards.push(...u.guards);
      }
      const guardsDedup = dedupeGuards(guards);
      const full = normalisePath(path);
      out.push({ framework: r.framework, method: r.method, path: full, file: r.file, line: r.line, handler: r.handler, handlerName: r.handlerName, guards: guardsDedup, binding: r.binding, numericParams: r.numeric, staticPrefix: r.staticFiles ? full.replace(/\/\{path\}$/, '') : undefined });
    }
  }
  // Nest controllers, Django REST framework URL confs
  for (const mod of project.modules.values()) if (mod.lang !== 'py') out.push(...extractNest(mod));
  out.push(...extractDrf(project));
  // the same order as comparing with localeCompare, which is slow: rank the few distinct files and methods once
  const fileRank = localeRanks(out.map((r) => r.file));
  const methodRank = localeRanks(out.map((r) => r.method));
  return out.sort((a, b) => fileRank.get(a.file)! - fileRank.get(b.file)! || a.line - b.line || methodRank.get(a.method)! - methodRank.get(b.method)!);
}

/** Each distinct string's place in localeCompare order (strings that compare equal share one). */
function localeRanks(values: readonly string[]): Map<string, number> {
  const distinct = [...new Set(values)].sort((a, b) => a.localeCompare(b));
  const rank = new Map<string, number>();
  let r = 0;
  distinct.forEach((v, i) => {
    if (i > 0 && distinct[i - 1]!.localeCompare(v) !== 0) r = i;
    rank.set(v, r);
  });
  return rank;
}

function dedupeGuards(gs: readonly Guard[]): Guard[] {
  const seen = new Set<string>();
  return gs.filter((g) => { const k = `${g.kind}|${g.name}|${g.file}:${g.line}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

function mountChains(key: string, mounts: ReadonlyMap<string, readonly Mount[]>, depth: number): Mount[][] {
  if (depth > 8) return [[]];
  const parents = mounts.get(key) ?? [];
  if (parents.length === 0) return [[]];
  const out: Mount[][] = [];
  for (const p of parents) for (const rest of mountChains(p.parent, mounts, depth + 1)) out.push([p, ...rest]);
  return out;
}

function joinPath(prefix: string, path: string): string {
  if (!prefix || prefix === '/') return path || '/';
  const a = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (!path || path === '/') return a || '/';
  return `${a}${path.startsWith('/') ? '' : '/'}${path}`;
}

/** `/users/:id`, `/users/<int:id>` and `/users/{id}` all become `/users/{id}`. */
export function normalisePath(p: string): string {
  return (p.startsWith('/') ? p : `/${p}`)
    .replace(/<(?:[a-z_]+:)?([A-Za-z_]\w*)>/g, '{$1}')
    .replace(/\{([A-Za-z_]\w*):[^}]*\}/g, '{$1}')
    .replace(/:([A-Za-z_]\w*)(\([^)]*\))?\??/g, '{$1}');
}

function walkAssigns(mod: Module, visit: (name: string, value: Expr) => void): void {
  const all = [mod.body, ...mod.functions.map((f) => f.body)];
  for (const body of all) for (const s of body) if (s.k === 'assign' && s.target.k === 'name') visit(s.target.name, s.value);
}

function allCalls(mod: Module): readonly Call[] {
  return callsOf(mod).calls;
}

/** Key of a router/app referred to by an expression in a file. */
function routerKey(project: Project, file: string, e: Expr): string | undefined {
  if (e.k === 'call' && e.callee.k === 'name' && e.callee.name === 'require' && e.args[0]?.k === 'str') {
    const mod = project.resolveModule(file, e.args[0].value, false);
    const def = mod?.exports.get('default');
    if (mod && def?.k === 'name') return `${mod.file}:${def.name}`;
    return undefined;
  }
  if (e.k === 'call' && (e.callee.k === 'name' || e.callee.k === 'member')) {
    // app.use('/api', usersRouter(ctx)): the router the factory returns
    const target = project.resolveCallee(file, e.callee);
    if (!target) return undefined;
    for (const s of target.fn.body) if (s.k === 'return' && s.e?.k === 'name') return `${target.file}:${s.e.name}`;
    return undefined;
  }
  if (e.k === 'member' && e.obj.k === 'name') {
    const r = project.lookup(file, e.obj.name);
    if (r?.module) { const ex = r.module.exports.get(e.prop); if (ex?.k === 'name') return `${r.module.file}:${ex.name}`; return `${r.module.file}:${e.prop}`; }
    return undefined;
  }
  if (e.k !== 'name') return undefined;
  const mod = project.modules.get(file)!;
  const imp = mod.imports.find((i) => i.local === e.name);
  if (!imp) return `${file}:${e.name}`;
  const target = project.resolveModule(file, imp.module, mod.lang === 'py') ?? (mod.lang === 'py' ? project.resolveModule(file, `${imp.module}.${imp.imported}`, true) : undefined);
  if (!target) return undefined;
  const exportName = imp.imported === '*' || imp.imported === 'default' ? 'default' : imp.imported;
  const ex = target.exports.get(exportName);
  if (ex?.k === 'name') return routerKey(project, target.file, ex) ?? `${target.file}:${ex.name}`;
  if (ex?.k === 'fn' && ex.fn.params[0]?.name) return `${target.file}:${ex.fn.params[0].name}`;
  return `${target.file}:${imp.imported}`;
}

// What a middleware reference is, by file and label: resolving and inspecting it once is enough.
const kindCache = new WeakMap<Project, Map<string, Guard['kind'] | null>>();

function guardsOf(project: Project, file: string, exprs: readonly Expr[], via: Guard['via']): Guard[] {
  const out: Guard[] = [];
  let cache = kindCache.get(project);
  if (!cache) { cache = new Map(); kindCache.set(project, cache); }
  for (const e of exprs) {
    if (e.k === 'arr') { out.push(...guardsOf(project, file, e.items, via)); continue; }
    const label = exprLabel(e);
    const cacheKey = e.k === 'fn' ? undefined : `${file}\u0000${label}`;
    const known = cacheKey === undefined ? undefined : cache.get(cacheKey);
    if (known !== undefined) {
      if (known) out.push({ kind: known, via, name: label, file, line: e.line });
      continue;
    }
    let kind = classifyName(label);
    const target = e.k === 'call' ? project.resolveCallee(file, e.callee) : project.resolveCallee(file, e);
    if (target) {
      // look inside the middleware for what it really checks
      const inner = inlineGuards(target.fn);
      for (const f of target.fn.body) if (f.k === 'return' && f.e?.k === 'fn') inner.push(...inlineGuards(f.e.fn));
      if (inner.some((g) => g.kind === 'authz')) kind = 'authz';
      else if (!kind && inner.length) kind = inner[0]!.kind;
    }
    if (cacheKey !== undefined) cache.set(cacheKey, kind ?? null);
    if (kind) out.push({ kind, via, name: label, file, line: e.line });
  }
  return out;
}

/** Functions bound to local names anywhere in a module (`const updateUser = (req, res) => ...` inside a router factory). */
const localFnCache = new WeakMap<Module, Map<string, Func>>();
function localFns(mod: Module): Map<string, Func> {
  let m = localFnCache.get(mod);
  if (!m) {
    m = new Map();
    const found = m;
    walkAssigns(mod, (name, value) => { if (value.k === 'fn' && !found.has(name)) found.set(name, value.fn); });
    for (const f of mod.functions) if (f.name && !found.has(f.name)) found.set(f.name, f);
    localFnCache.set(mod, m);
  }
  return m;
}

function handlerOf(project: Project, file: string, e: Expr | undefined): { fn?: Func; name: string } {
  if (!e) return { name: '?' };
  if (e.k === 'name') {
    const r = project.resolveCallee(file, e);
    if (r) return { fn: r.fn, name: e.name };
    const mod = project.modules.get(file);
    const local = mod ? localFns(mod).get(e.name) : undefined;
    if (local) return { fn: local, name: e.name };
  }
  if (e.k === 'fn') return { fn: e.fn, name: e.fn.name ?? 'anonymous' };
  if (e.k === 'call') {
    // wrappers such as asyncHandler(fn) or catchErrors(controller.get)
    const inner = e.args.find((a) => a.k === 'fn' || a.k === 'name' || a.k === 'member');
    if (inner) return handlerOf(project, file, inner);
  }
  const r = project.resolveCallee(file, e);
  return { fn: r?.fn, name: dotted(e) ?? '?' };
}

function extractJs(project: Project, mod: Module, raws: RawRoute[], mounts: Mount[], uses: Use[], kinds: Map<string, string>): void {
  const file = mod.file;
  const fastifyFile = mod.imports.some((i) => /^fastify/.test(i.module));
  const koaFile = mod.imports.some((i) => /^(koa|koa-router|@koa\/router)$/.test(i.module));
  const receivers = new Map<string, { key: string; known: boolean }>();
  for (const c of allCalls(mod)) {
    if (c.callee.k !== 'member') continue;
    const method = c.callee.prop;
    let recv = c.callee.obj;
    let routePath: string | undefined;
    // app.route('/x').get(h).post(h)
    if (recv.k === 'call' && recv.callee.k === 'member' && recv.callee.prop === 'route' && recv.args[0]?.k === 'str') {
      routePath = recv.args[0].value;
      recv = recv.callee.obj;
      while (recv.k === 'call' && recv.callee.k === 'member' && HTTP_METHODS.has(recv.callee.prop)) recv = recv.callee.obj;
    }
    // chained .get().post() after route()
    let chainRecv: Expr = c.callee.obj;
    while (!routePath && chainRecv.k === 'call' && chainRecv.callee.k === 'member') {
      if (chainRecv.callee.prop === 'route' && chainRecv.args[0]?.k === 'str') { routePath = chainRecv.args[0].value; recv = chainRecv.callee.obj; break; }
      if (!HTTP_METHODS.has(chainRecv.callee.prop)) break;
      chainRecv = chainRecv.callee.obj;
    }
    if (recv.k !== 'name' && recv.k !== 'member') continue;
    const recvName = dotted(recv) ?? '';
    // most calls in a file share a few receivers: key and app-likeness once per receiver name
    // (kinds of this file are all set before its calls are read)
    let seen = receivers.get(recvName);
    if (seen === undefined) {
      const k = `${file}:${recvName}`;
      seen = { key: k, known: kinds.has(k) || APPISH.test(recvName.split('.').pop() ?? '') };
      receivers.set(recvName, seen);
    }
    if (!seen.known) continue;
    const key = seen.key;
    const isFastify = fastifyFile || /fastify|instance/i.test(recvName);
    const framework: Framework = isFastify ? 'fastify' : koaFile ? 'koa' : 'express';

    if (HTTP_METHODS.has(method) && (routePath !== undefined || (c.args[0]?.k === 'str' && c.args.length >= 2))) {
      const path = routePath ?? (c.args[0] as { value: string }).value;
      const rest = routePath !== undefined ? c.args : c.args.slice(1);
      if (rest.length === 0) continue;
      const handlerExpr = rest[rest.length - 1];
      let mws = rest.slice(0, -1);
      const guards: Guard[] = [];
      if (isFastify && mws.length && mws[0]!.k === 'obj') {
        const opts = mws[0] as Extract<Expr, { k: 'obj' }>;
        for (const p of opts.props) if (p.key && /^(preHandler|onRequest|preValidation|preParsing)$/.test(p.key)) guards.push(...guardsOf(project, file, [p.value], 'hook'));
        mws = mws.slice(1);
      }
      guards.push(...guardsOf(project, file, mws, 'middleware'));
      const h = handlerOf(project, file, handlerExpr);
      if (h.fn) guards.push(...inlineGuards(h.fn));
      raws.push({ framework, method: method === 'del' ? 'DELETE' : method === 'all' ? 'ANY' : method.toUpperCase(), path, key, file, line: c.line, handler: h.fn, handlerName: h.name, guards, binding: { kind: 'reqobj', reqIndex: 0 }, numeric: new Set() });
      continue;
    }
    if (method === 'route' && isFastify && c.args[0]?.k === 'obj') {
      const o = c.args[0];
      const get = (k: string): Expr | undefined => o.props.find((p) => p.key === k)?.value;
      const m = get('method');
      const url = get('url') ?? get('path');
      if (url?.k !== 'str') continue;
      const methods = m?.k === 'str' ? [m.value] : m?.k === 'arr' ? m.items.flatMap((i) => (i.k === 'str' ? [i.value] : [])) : ['GET'];
      const guards: Guard[] = [];
      for (const p of o.props) if (p.key && /^(preHandler|onRequest|preValidation|preParsing)$/.test(p.key)) guards.push(...guardsOf(project, file, [p.value], 'hook'));
      const h = handlerOf(project, file, get('handler'));
      if (h.fn) guards.push(...inlineGuards(h.fn));
      for (const mm of methods) raws.push({ framework, method: mm.toUpperCase(), path: url.value, key, file, line: c.line, handler: h.fn, handlerName: h.name, guards, binding: { kind: 'reqobj', reqIndex: 0 }, numeric: new Set() });
      continue;
    }
    if (method === 'use') {
      let prefix = '';
      let args = c.args;
      if (args[0]?.k === 'str') { prefix = args[0].value; args = args.slice(1); }
      const mwBefore: Expr[] = [];
      for (const a0 of args) {
        // koa: app.use(router.routes())
        const a = a0.k === 'call' && a0.callee.k === 'member' && a0.callee.prop === 'routes' && a0.args.length === 0 ? a0.callee.obj : a0;
        if (a0.k === 'call' && a0.callee.k === 'member' && a0.callee.prop === 'allowedMethods') continue;
        if (a.k === 'call' && /^(express\.static|serveStatic|static)$/.test(dotted(a.callee) ?? '')) {
          raws.push({ framework, method: 'GET', path: `${prefix.replace(/\/$/, '')}/{path}`, key, file, line: c.line, handlerName: 'static files', guards: guardsOf(project, file, mwBefore, 'middleware'), binding: { kind: 'reqobj', reqIndex: 0 }, numeric: new Set(), staticFiles: true });
          continue;
        }
        const child = a.k === 'name' || a.k === 'member' || a.k === 'call' ? routerKey(project, file, a) : undefined;
        if (child && child !== key) mounts.push({ child, parent: key, prefix, line: c.line, guards: guardsOf(project, file, mwBefore, 'middleware') });
        if (!child || kinds.get(child) !== 'router') mwBefore.push(a);
      }
      const gs = guardsOf(project, file, mwBefore, 'middleware');
      if (gs.length) uses.push({ key, line: c.line, guards: gs, prefix });
      continue;
    }
    if (method === 'addHook' && c.args[0]?.k === 'str' && /^(onRequest|preHandler|preValidation)$/.test(c.args[0].value)) {
      uses.push({ key, line: 0, guards: guardsOf(project, file, c.args.slice(1), 'hook'), prefix: '', always: true });
      continue;
    }
    if (method === 'register' && c.args[0]) {
      const target = project.resolveCallee(file, c.args[0]);
      const opts = c.args[1];
      const pre = opts?.k === 'obj' ? opts.props.find((p) => p.key === 'prefix')?.value : undefined;
      if (target?.fn.params[0]?.name) mounts.push({ child: `${target.file}:${target.fn.params[0].name}`, parent: key, prefix: pre?.k === 'str' ? pre.value : '', line: c.line, guards: [] });
    }
  }
  // registerRoutes(app): the function's parameter is that app
  for (const c of allCalls(mod)) {
    if (c.callee.k !== 'name' && c.callee.k !== 'call') continue;
    const callee = c.callee.k === 'call' && c.callee.callee.k === 'name' && c.callee.callee.name === 'require' ? c.callee : c.callee;
    let fn: Func | undefined;
    let fnFile = file;
    if (callee.k === 'call' && callee.args[0]?.k === 'str') {
      const m = project.resolveModule(file, callee.args[0].value, false);
      const d = m?.exports.get('default');
      if (d?.k === 'fn') { fn = d.fn; fnFile = m!.file; }
    } else {
      const r = project.resolveCallee(file, callee);
      if (r) { fn = r.fn; fnFile = r.file; }
    }
    if (!fn) continue;
    c.args.forEach((a, i) => {
      const pn = fn!.params[i]?.name;
      if (a.k === 'name' && pn && (kinds.has(`${file}:${a.name}`) || APPISH.test(a.name))) mounts.push({ child: `${fnFile}:${pn}`, parent: `${file}:${a.name}`, prefix: '', line: c.line, guards: [] });
    });
  }
}

function depGuards(e: Expr, file: string): Guard[] {
  const out: Guard[] = [];
  const items = e.k === 'arr' ? e.items : [e];
  for (const it of items) {
    if (it.k === 'call' && /^(Depends|Security|fastapi\.Depends)$/.test(dotted(it.callee) ?? '')) {
      const a = it.args[0] ?? it.kw.find((k) => k.name === 'dependency')?.value;
      const label = a ? exprLabel(a) : 'Depends()';
      const kind = classifyName(label);
      if (kind) out.push({ kind, via: 'dependency', name: `Depends(${label})`, file, line: it.line });
    }
  }
  return out;
}

function extractPython(project: Project, mod: Module, raws: RawRoute[], mounts: Mount[], _uses: Use[], kinds: Map<string, string>): void {
  const file = mod.file;
  const isFastapi = mod.imports.some((i) => /^fastapi/.test(i.module));
  const framework: Framework = isFastapi ? 'fastapi' : 'flask';
  for (const fn of mod.functions) {
    if (fn.decorators.length === 0) continue;
    const routeDecos: { method: string[]; path: string; key: string; deco: Call }[] = [];
    const others: Expr[] = [];
    for (const d of fn.decorators) {
      if (d.k === 'call' && d.callee.k === 'member' && d.args[0]?.k === 'str') {
        const recv = dotted(d.callee.obj) ?? '';
        const key = `${file}:${recv}`;
        const m = d.callee.prop;
        if ((kinds.has(key) || /^(app|bp|api|router|blueprint|\w+_bp|\w+_router|\w+_blueprint)$/i.test(recv)) && (m === 'route' || m === 'api_route' || HTTP_METHODS.has(m) || m === 'websocket')) {
          let methods = m === 'route' || m === 'api_route' ? ['GET'] : [m.toUpperCase()];
          const mk = d.kw.find((k) => k.name === 'methods');
          if (mk?.value.k === 'arr') methods = mk.value.items.flatMap((i) => (i.k === 'str' ? [i.value.toUpperCase()] : []));
          routeDecos.push({ method: methods, path: d.args[0].value, key, deco: d });
          continue;
        }
      }
      others.push(d);
    }
    if (routeDecos.length === 0) continue;
    const guards: Guard[] = [];
    for (const d of others) {
      const label = exprLabel(d);
      const kind = classifyName(label);
      if (kind) guards.push({ kind, via: 'decorator', name: `@${label}`, file, line: d.line });
    }
    const pathParams = new Set<string>();
    const numeric = new Set<string>();
    const viewArgs = new Map<string, string>();
    for (const rd of routeDecos) {
      for (const m of rd.path.matchAll(/<(?:([a-z_]+):)?([A-Za-z_]\w*)>/g)) { viewArgs.set(m[2]!, m[1] ?? 'string'); if (m[1] === 'int' || m[1] === 'float') numeric.add(m[2]!); }
      for (const m of rd.path.matchAll(/\{([A-Za-z_]\w*)(?::(\w+))?\}/g)) { pathParams.add(m[1]!); if (m[2] === 'int') numeric.add(m[1]!); }
      const deps = rd.deco.kw.find((k) => k.name === 'dependencies');
      if (deps) guards.push(...depGuards(deps.value, file));
    }
    const userNames = new Set<string>();
    if (isFastapi) {
      for (const p of fn.params) {
        if (p.default?.k === 'call') {
          const gs = depGuards(p.default, file);
          guards.push(...gs);
          if (p.name && gs.some((g) => g.kind !== 'ratelimit')) userNames.add(p.name);
          if (p.name && /user|account|principal/i.test(p.name) && /^(Depends|Security)$/.test(dotted(p.default.callee) ?? '')) { userNames.add(p.name); if (!gs.length) guards.push({ kind: 'authn', via: 'dependency', name: `Depends(${exprLabel(p.default.args[0] ?? p.default)})`, file, line: p.default.line }); }
        }
        if (p.name && p.annotation && /^(int|float|bool|UUID|uuid\.UUID|datetime|date|PositiveInt|conint.*)$/.test(p.annotation)) numeric.add(p.name);
      }
    }
    guards.push(...inlineGuards(fn, userNames));
    const binding: Binding = isFastapi ? { kind: 'fastapi', pathParams } : { kind: 'flask', viewArgs };
    for (const rd of routeDecos) for (const m of rd.method) raws.push({ framework, method: m, path: rd.path, key: rd.key, file, line: rd.deco.line, handler: fn, handlerName: fn.name ?? '?', guards, binding, numeric });
  }
  for (const c of allCalls(mod)) {
    if (c.callee.k !== 'member') continue;
    const recv = dotted(c.callee.obj) ?? '';
    if ((c.callee.prop === 'register_blueprint' || c.callee.prop === 'include_router') && c.args[0]) {
      const child = routerKey(project, file, c.args[0]);
      const p = c.kw.find((k) => k.name === 'url_prefix' || k.name === 'prefix');
      const deps = c.kw.find((k) => k.name === 'dependencies');
      if (child) mounts.push({ child, parent: `${file}:${recv}`, prefix: p?.value.k === 'str' ? p.value.value : '', line: c.line, guards: deps ? depGuards(deps.value, file) : [] });
    }
    if (c.callee.prop === 'add_url_rule' && c.args[0]?.k === 'str') {
      const vf = c.kw.find((k) => k.name === 'view_func')?.value ?? c.args[2];
      const h = handlerOf(project, file, vf);
      const mk = c.kw.find((k) => k.name === 'methods');
      const methods = mk?.value.k === 'arr' ? mk.value.items.flatMap((i) => (i.k === 'str' ? [i.value.toUpperCase()] : [])) : ['GET'];
      const viewArgs = new Map<string, string>();
      const numeric = new Set<string>();
      for (const m of c.args[0].value.matchAll(/<(?:([a-z_]+):)?([A-Za-z_]\w*)>/g)) { viewArgs.set(m[2]!, m[1] ?? 'string'); if (m[1] === 'int' || m[1] === 'float') numeric.add(m[2]!); }
      const guards = h.fn ? inlineGuards(h.fn) : [];
      for (const m of methods) raws.push({ framework: 'flask', method: m, path: c.args[0].value, key: `${file}:${recv}`, file, line: c.line, handler: h.fn, handlerName: h.name, guards, binding: { kind: 'flask', viewArgs }, numeric });
    }
  }
}

const NEST_METHODS: Record<string, string> = { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', All: 'ANY', Options: 'OPTIONS', Head: 'HEAD' };

function extractNest(mod: Module): Route[] {
  const out: Route[] = [];
  for (const cls of mod.classes) {
    const ctrl = cls.decorators.find((d) => d.k === 'call' && dotted(d.callee) === 'Controller');
    if (!ctrl || ctrl.k !== 'call') continue;
    const a0 = ctrl.args[0];
    const prefix = a0?.k === 'str' ? a0.value : a0?.k === 'obj' ? ((a0.props.find((p) => p.key === 'path')?.value as { value?: string } | undefined)?.value ?? '') : '';
    const classGuards = nestGuards(cls.decorators, mod.file);
    for (const m of cls.methods) {
      for (const d of m.decorators) {
        if (d.k !== 'call') continue;
        const verb = NEST_METHODS[dotted(d.callee) ?? ''];
        if (!verb) continue;
        const sub = d.args[0]?.k === 'str' ? d.args[0].value : '';
        const guards = [...classGuards, ...nestGuards(m.decorators, mod.file), ...inlineGuards(m)];
        const numeric = new Set<string>();
        for (const p of m.params) for (const pd of p.decorators) if (pd.k === 'call' && dotted(pd.callee) === 'Param' && pd.args[0]?.k === 'str' && pd.args.slice(1).some((x) => /Parse(Int|Float|UUID|Bool)Pipe/.test(exprLabel(x)))) numeric.add(pd.args[0].value);
        out.push({ framework: 'nestjs', method: verb, path: normalisePath(joinPath(prefix.startsWith('/') || !prefix ? prefix : `/${prefix}`, sub)), file: mod.file, line: d.line, handler: m, handlerName: `${cls.name}.${m.name ?? '?'}`, guards: dedupeGuards(guards), binding: { kind: 'nest' }, numericParams: numeric });
      }
    }
  }
  return out;
}

function nestGuards(decos: readonly Expr[], file: string): Guard[] {
  const out: Guard[] = [];
  for (const d of decos) {
    if (d.k !== 'call') continue;
    const name = dotted(d.callee) ?? '';
    if (name === 'UseGuards') for (const g of d.args) {
      const label = exprLabel(g);
      out.push({ kind: classifyName(label) === 'authz' ? 'authz' : classifyName(label) === 'ratelimit' ? 'ratelimit' : 'authn', via: 'guard', name: label, file, line: d.line });
    } else if (/^(Roles|RequirePermissions|Permissions|Auth|Authorize|Throttle)$/.test(name)) {
      out.push({ kind: name === 'Throttle' ? 'ratelimit' : name === 'Auth' ? 'authn' : 'authz', via: 'decorator', name: `@${exprLabel(d)}`, file, line: d.line });
    }
  }
  return out;
}

const DRF_VIEW = /(APIView|ViewSet|GenericAPIView|ListAPIView|RetrieveAPIView|CreateAPIView|UpdateAPIView|DestroyAPIView|ListCreateAPIView|RetrieveUpdateAPIView|RetrieveDestroyAPIView|RetrieveUpdateDestroyAPIView)$/;
const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete'];
const VIEWSET_ACTIONS: Record<string, { method: string; detail: boolean }> = {
  list: { method: 'GET', detail: false }, create: { method: 'POST', detail: false }, retrieve: { method: 'GET', detail: true },
  update: { method: 'PUT', detail: true }, partial_update: { method: 'PATCH', detail: true }, destroy: { method: 'DELETE', detail: true },
};
const GENERIC_ACTIONS: Record<string, readonly string[]> = {
  ModelViewSet: ['list', 'create', 'retrieve', 'update', 'partial_update', 'destroy'], ReadOnlyModelViewSet: ['list', 'retrieve'],
  ListAPIView: ['get'], RetrieveAPIView: ['get'], CreateAPIView: ['post'], UpdateAPIView: ['put', 'patch'], DestroyAPIView: ['delete'],
  ListCreateAPIView: ['get', 'post'], RetrieveUpdateAPIView: ['get', 'put', 'patch'], RetrieveDestroyAPIView: ['get', 'delete'], RetrieveUpdateDestroyAPIView: ['get', 'put', 'patch', 'delete'],
};

function drfClassGuards(cls: ClassDef, file: string): Guard[] {
  const out: Guard[] = [];
  for (const f of cls.fields) {
    if (!/^(permission_classes|authentication_classes|throttle_classes)$/.test(f.name) || !f.value) continue;
    const items = f.value.k === 'arr' ? f.value.items : [f.value];
    for (const it of items) {
      const label = exprLabel(it);
      const kind = f.name === 'throttle_classes' ? 'ratelimit' : classifyName(label) ?? (f.name === 'authentication_classes' ? undefined : undefined);
      if (kind) out.push({ kind, via: 'decorator', name: label, file, line: f.line });
    }
  }
  return out;
}

function drfDecoratorGuards(fn: Func): Guard[] {
  const out: Guard[] = [];
  for (const d of fn.decorators) {
    if (d.k !== 'call') continue;
    const n = dotted(d.callee) ?? '';
    if (!/^(permission_classes|authentication_classes|throttle_classes)$/.test(n)) continue;
    for (const it of d.args.flatMap((a) => (a.k === 'arr' ? a.items : [a]))) {
      const label = exprLabel(it);
      const kind = n === 'throttle_classes' ? 'ratelimit' : classifyName(label);
      if (kind) out.push({ kind, via: 'decorator', name: `@${n}(${label})`, file: fn.file, line: d.line });
    }
  }
  return out;
}

/** Django REST framework: urls.py `path()`/`re_path()` and router registrations of API views and viewsets. */
function extractDrf(project: Project): Route[] {
  const out: Route[] = [];
  let globalAuth: Guard | undefined;
  for (const m of project.modules.values()) {
    if (m.lang !== 'py') continue;
    const i = m.lines.findIndex((l) => /DEFAULT_PERMISSION_CLASSES/.test(l));
    if (i >= 0 && m.lines.slice(i, i + 4).some((l) => /IsAuthenticated|IsAdminUser|DjangoModelPermissions/.test(l))) globalAuth = { kind: 'authn', via: 'decorator', name: 'DEFAULT_PERMISSION_CLASSES', file: m.file, line: i + 1 };
  }
  const resolveView = (file: string, e: Expr): { cls?: ClassDef; fn?: Func; file: string } | undefined => {
    const target = e.k === 'call' && e.callee.k === 'member' && e.callee.prop === 'as_view' ? e.callee.obj : e;
    if (target.k === 'name') { const r = project.lookup(file, target.name); return r ? { cls: r.cls, fn: r.fn, file: r.file } : undefined; }
    if (target.k === 'member' && target.obj.k === 'name') {
      const r = project.lookup(file, target.obj.name);
      if (r?.module) { const x = project.lookupExport(r.module, target.prop); return x ? { cls: x.cls, fn: x.fn, file: x.file } : undefined; }
    }
    return undefined;
  };
  const add = (method: string, path: string, file: string, line: number, handler: Func | undefined, name: string, guards: Guard[]): void => {
    const params = new Set<string>();
    const numeric = new Set<string>();
    for (const m of path.matchAll(/<(?:([a-z_]+):)?([A-Za-z_]\w*)>/g)) { params.add(m[2]!); if (m[1] === 'int') numeric.add(m[2]!); }
    for (const m of path.matchAll(/\{([A-Za-z_]\w*)\}/g)) params.add(m[1]!);
    const all = [...guards, ...(handler ? inlineGuards(handler) : [])];
    if (globalAuth && !all.some((g) => g.kind === 'authn' || g.kind === 'authz') && !all.some((g) => /AllowAny/.test(g.name))) all.push(globalAuth);
    const reqIndex = handler ? Math.max(0, handler.params.findIndex((p) => p.name === 'request')) : 1;
    out.push({ framework: 'django-rest-framework', method, path: normalisePath(path), file, line, handler, handlerName: name, guards: dedupeGuards(all.filter((g) => !/AllowAny/.test(g.name))), binding: { kind: 'drf', reqIndex, pathParams: params }, numericParams: numeric });
  };
  for (const mod of project.modules.values()) {
    if (mod.lang !== 'py' || !mod.imports.some((i) => /^(django|rest_framework)/.test(i.module))) continue;
    for (const c of callsOf(mod).calls) {
      const d = dotted(c.callee) ?? '';
      // path('users/<int:pk>/', views.UserDetail.as_view())
      if (/^(path|re_path|url|django\.urls\.path)$/.test(d) && c.args[0]?.k === 'str' && c.args[1]) {
        const view = resolveView(mod.file, c.args[1]);
        if (!view) continue;
        const p = `/${c.args[0].value.replace(/^\^|\$$/g, '')}`;
        if (view.cls && view.cls.bases.some((b) => DRF_VIEW.test(dotted(b) ?? ''))) {
          const cg = drfClassGuards(view.cls, view.file);
          const own = view.cls.methods.filter((m) => m.name && HTTP_VERBS.includes(m.name));
          for (const m of own) add(m.name!.toUpperCase(), p, view.file, m.line, m, `${view.cls.name}.${m.name}`, cg);
          const generic = view.cls.bases.map((b) => (dotted(b) ?? '').split('.').pop()!).flatMap((b) => GENERIC_ACTIONS[b] ?? []);
          for (const g of generic) if (!own.some((m) => m.name === g) && HTTP_VERBS.includes(g)) add(g.toUpperCase(), p, view.file, view.cls.line, undefined, `${view.cls.name} (${g})`, cg);
        } else if (view.fn && view.fn.decorators.some((x) => x.k === 'call' && dotted(x.callee) === 'api_view')) {
          const deco = view.fn.decorators.find((x) => x.k === 'call' && dotted(x.callee) === 'api_view') as Call;
          const methods = deco.args[0]?.k === 'arr' ? deco.args[0].items.flatMap((x) => (x.k === 'str' ? [x.value.toUpperCase()] : [])) : ['GET'];
          for (const m of methods) add(m, p, view.file, view.fn.line, view.fn, view.fn.name ?? '?', drfDecoratorGuards(view.fn));
        }
      }
      // router.register(r'users', UserViewSet)
      if (/\.register$/.test(d) && c.args[0]?.k === 'str' && c.args[1]) {
        const view = resolveView(mod.file, c.args[1]);
        if (!view?.cls) continue;
        const base = `/${c.args[0].value.replace(/^\^|\/$/g, '')}`;
        const cg = drfClassGuards(view.cls, view.file);
        const generic = view.cls.bases.map((b) => (dotted(b) ?? '').split('.').pop()!).flatMap((b) => GENERIC_ACTIONS[b] ?? []);
        const actions = new Set([...generic, ...view.cls.methods.map((m) => m.name ?? '').filter((n) => n in VIEWSET_ACTIONS)]);
        for (const a of actions) {
          const spec = VIEWSET_ACTIONS[a];
          if (!spec) continue;
          const m = view.cls.methods.find((x) => x.name === a);
          add(spec.method, spec.detail ? `${base}/{pk}` : base, view.file, m?.line ?? view.cls.line, m, `${view.cls.name}.${a}`, cg);
        }
        for (const m of view.cls.methods) {
          const act = m.decorators.find((x) => x.k === 'call' && dotted(x.callee) === 'action');
          if (!act || act.k !== 'call') continue;
          const detail = act.kw.find((k) => k.name === 'detail')?.value;
          const mk = act.kw.find((k) => k.name === 'methods')?.value;
          const methods = mk?.k === 'arr' ? mk.items.flatMap((x) => (x.k === 'str' ? [x.value.toUpperCase()] : [])) : ['GET'];
          const isDetail = detail?.k === 'lit' && detail.text === 'True';
          for (const verb of methods) add(verb, `${base}${isDetail ? '/{pk}' : ''}/${m.name}`, view.file, m.line, m, `${view.cls.name}.${m.name}`, [...cg, ...drfDecoratorGuards(m)]);
        }
      }
    }
  }
  return out;
}
