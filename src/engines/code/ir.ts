/**
 * A small language-neutral form of the parts of a program the analysis needs. JavaScript,
 * TypeScript and Python are lowered into it once per file (one tree walk); everything after that
 * (route extraction, taint, route rules) works on these plain objects, which is much faster than
 * walking the WebAssembly tree again for each question.
 */
export type Lang = 'js' | 'ts' | 'tsx' | 'py';

export type Expr =
  | { readonly k: 'name'; readonly name: string; readonly line: number }
  | { readonly k: 'member'; readonly obj: Expr; readonly prop: string; readonly line: number }
  | { readonly k: 'index'; readonly obj: Expr; readonly index: Expr; readonly line: number }
  | Call
  | { readonly k: 'str'; readonly value: string; readonly line: number }
  | { readonly k: 'lit'; readonly value: 'num' | 'bool' | 'null' | 'other'; readonly text: string; readonly line: number }
  | { readonly k: 'concat'; readonly parts: readonly Expr[]; readonly how: ConcatKind; readonly line: number }
  | { readonly k: 'obj'; readonly props: readonly Prop[]; readonly line: number }
  | { readonly k: 'arr'; readonly items: readonly Expr[]; readonly line: number }
  | { readonly k: 'fn'; readonly fn: Func; readonly line: number }
  | { readonly k: 'op'; readonly op: string; readonly parts: readonly Expr[]; readonly line: number; readonly test?: Expr }
  | { readonly k: 'unknown'; readonly line: number };

export type ConcatKind = 'template' | 'plus' | 'fstring' | 'percent' | 'format' | 'join';

export interface Call {
  readonly k: 'call';
  readonly callee: Expr;
  readonly args: readonly Expr[];
  /** Python keyword arguments (`shell=True`). */
  readonly kw: readonly { readonly name: string; readonly value: Expr }[];
  readonly line: number;
  readonly isNew?: boolean;
  /** A tagged template (`sql\`...\``): the template's values are bound separately. */
  readonly tagged?: boolean;
}

export interface Prop {
  /** null for a spread (`...x`, `**x`) or a computed key. */
  readonly key: string | null;
  readonly value: Expr;
  readonly spread?: boolean;
}

export type Target =
  | { readonly k: 'name'; readonly name: string }
  | { readonly k: 'member'; readonly obj: Expr; readonly prop: string }
  | { readonly k: 'index'; readonly obj: Expr; readonly index: Expr }
  | { readonly k: 'pattern'; readonly props: readonly { readonly key: string; readonly target: Target }[]; readonly rest?: Target }
  | { readonly k: 'tuple'; readonly items: readonly Target[] }
  | { readonly k: 'none' };

export type Stmt =
  | { readonly k: 'assign'; readonly target: Target; readonly value: Expr; readonly line: number; readonly augmented?: boolean; readonly decl?: boolean }
  | { readonly k: 'expr'; readonly e: Expr; readonly line: number }
  | { readonly k: 'return'; readonly e?: Expr; readonly line: number }
  | { readonly k: 'throw'; readonly e?: Expr; readonly line: number }
  | { readonly k: 'if'; readonly test: Expr; readonly then: readonly Stmt[]; readonly else: readonly Stmt[]; readonly line: number }
  /** `keys`: the loop visits the iterated object's keys (JavaScript `for (k in obj)`), not its elements. */
  | { readonly k: 'loop'; readonly target?: Target; readonly iter?: Expr; readonly body: readonly Stmt[]; readonly line: number; readonly keys?: boolean }
  /** `continue`: the rest of the loop body is skipped on this path. */
  | { readonly k: 'continue'; readonly line: number }
  | { readonly k: 'block'; readonly body: readonly Stmt[]; readonly line: number }
  | { readonly k: 'fn'; readonly fn: Func; readonly line: number }
  | { readonly k: 'class'; readonly cls: ClassDef; readonly line: number };

export interface Param {
  readonly name: string | null;
  readonly pattern?: Target;
  /** The type annotation's text (`int`, `str`, `UserIn`, `Depends(get_user)` is in `default`). */
  readonly annotation?: string;
  readonly default?: Expr;
  /** TypeScript parameter decorators (`@Param('id')`). */
  readonly decorators: readonly Expr[];
}

export interface Func {
  /** Unique within the project: `file#line:name`. */
  readonly id: string;
  readonly name: string | null;
  readonly params: readonly Param[];
  readonly body: readonly Stmt[];
  readonly line: number;
  readonly endLine: number;
  readonly decorators: readonly Expr[];
  readonly file: string;
  /** Enclosing class name for methods. */
  readonly cls?: string;
  /** An arrow function with an expression body returns that expression. */
  readonly exprBody?: boolean;
}

export interface ClassDef {
  readonly name: string;
  readonly decorators: readonly Expr[];
  readonly bases: readonly Expr[];
  readonly methods: readonly Func[];
  readonly fields: readonly { readonly name: string; readonly annotation?: string; readonly value?: Expr; readonly line: number }[];
  readonly line: number;
}

export interface Import {
  readonly local: string;
  /** The module specifier as written (`./routes/users`, `flask`, `.models`). */
  readonly module: string;
  /** `default`, `*` (whole module / namespace), or the imported name. */
  readonly imported: string;
  readonly line: number;
}

export interface Module {
  readonly file: string;
  readonly lang: Lang;
  readonly body: readonly Stmt[];
  /** Every function in the file, including methods, nested functions and callbacks. */
  readonly functions: readonly Func[];
  readonly classes: readonly ClassDef[];
  readonly imports: readonly Import[];
  /** Exported name -> value (`default` for `module.exports =` / `export default`). Python: every top-level name. */
  readonly exports: ReadonlyMap<string, Expr>;
  readonly lineCount: number;
  /** Source lines, for snippets. */
  readonly lines: readonly string[];
}

/** `a.b.c` for a member chain rooted at a name, else undefined. */
export function dotted(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.k === 'name') return e.name;
  if (e.k === 'member') {
    const o = dotted(e.obj);
    return o === undefined ? undefined : `${o}.${e.prop}`;
  }
  if (e.k === 'call') {
    const o = dotted(e.callee);
    return o === undefined ? undefined : `${o}()`;
  }
  if (e.k === 'index') {
    const o = dotted(e.obj);
    if (o === undefined) return undefined;
    return e.index.k === 'str' ? `${o}.${e.index.value}` : `${o}[]`;
  }
  return undefined;
}

/** The last property name of a callee: `query` for `db.pool.query`. */
export function calleeName(c: Call): string | undefined {
  const e = c.callee;
  if (e.k === 'name') return e.name;
  if (e.k === 'member') return e.prop;
  return undefined;
}

/** The root name of a member chain: `db` for `db.pool.query`. */
export function rootName(e: Expr): string | undefined {
  let cur: Expr = e;
  for (;;) {
    if (cur.k === 'name') return cur.name;
    if (cur.k === 'member' || cur.k === 'index') cur = cur.obj;
    else if (cur.k === 'call') cur = cur.callee;
    else return undefined;
  }
}

/** Visit every expression in a statement list (not descending into nested functions unless asked). */
export function walkExprs(stmts: readonly Stmt[], visit: (e: Expr) => void, intoFns = false): void {
  const ex = (e: Expr | undefined): void => {
    if (!e) return;
    visit(e);
    switch (e.k) {
      case 'member': ex(e.obj); break;
      case 'index': ex(e.obj); ex(e.index); break;
      case 'call': ex(e.callee); for (const a of e.args) ex(a); for (const a of e.kw) ex(a.value); break;
      case 'concat': for (const p of e.parts) ex(p); break;
      case 'obj': for (const p of e.props) ex(p.value); break;
      case 'arr': for (const p of e.items) ex(p); break;
      case 'op': for (const p of e.parts) ex(p); break;
      case 'fn': if (intoFns) st(e.fn.body); break;
      default: break;
    }
  };
  const tgt = (t: Target): void => {
    if (t.k === 'member') ex(t.obj);
    else if (t.k === 'index') { ex(t.obj); ex(t.index); }
  };
  const st = (list: readonly Stmt[]): void => {
    for (const s of list) {
      switch (s.k) {
        case 'assign': tgt(s.target); ex(s.value); break;
        case 'expr': ex(s.e); break;
        case 'return': case 'throw': ex(s.e); break;
        case 'if': ex(s.test); st(s.then); st(s.else); break;
        case 'loop': ex(s.iter); st(s.body); break;
        case 'block': st(s.body); break;
        case 'fn': if (intoFns) st(s.fn.body); break;
        case 'class': if (intoFns) for (const m of s.cls.methods) st(m.body); break;
      }
    }
  };
  st(stmts);
}

/**
 * A test on a configuration switch (`if (config.secure)`, `settings.DEBUG ? a : b`): code under it
 * runs only in one mode, so checks found only there do not protect every deployment.
 */
export function isModeFlag(e: Expr): boolean {
  let t = e;
  while (t.k === 'op' && (t.op === '!' || t.op === 'not') && t.parts.length === 1) t = t.parts[0]!;
  const d = t.k === 'name' || t.k === 'member' ? dotted(t) : undefined;
  if (!d) return false;
  return /^(this\.)?(config|settings|options|opts|cfg|conf|env|flags?|features?|app\.config|ctx\.config)\.[A-Za-z_]\w*$/.test(d) || /^(secure|SECURE|isSecure|secureMode|strict|DEBUG|debug|insecure|INSECURE)$/.test(d);
}

/** The operands of a chain of `&&`/`and`. */
export function conjuncts(e: Expr): Expr[] {
  if (e.k === 'op' && (e.op === '&&' || e.op === 'and')) return e.parts.flatMap(conjuncts);
  return [e];
}

/** A condition with the parts that hold only in one configuration mode (`config.secure && x`) removed. */
export function withoutModeConjuncts(e: Expr): Expr {
  if (e.k !== 'op') return e;
  if ((e.op === '&&' || e.op === 'and') && conjuncts(e).some(isModeFlag)) return { k: 'lit', value: 'bool', text: 'false', line: e.line };
  return { ...e, parts: e.parts.map(withoutModeConjuncts) };
}

const callCache = new WeakMap<Module, { calls: Call[]; callees: string[]; scoped: Call[][] }>();

/**
 * Every call in a module (top level and every function body, each body once), computed once per
 * module and shared by the route extractor and the rules. `callees[i]` is `dotted(calls[i].callee) ?? ''`
 * (the rules test it against many patterns; built once, flat). `scoped` groups the calls per function
 * body (the module body first).
 */
export function callsOf(mod: Module): { readonly calls: readonly Call[]; readonly callees: readonly string[]; readonly scoped: readonly (readonly Call[])[] } {
  let c = callCache.get(mod);
  if (!c) {
    const scoped: Call[][] = [];
    for (const body of [mod.body, ...mod.functions.map((f) => f.body)]) {
      const list: Call[] = [];
      walkExprs(body, (e) => { if (e.k === 'call') list.push(e); });
      scoped.push(list);
    }
    const calls = scoped.flat();
    c = { calls, callees: calls.map((x) => dotted(x.callee) ?? ''), scoped };
    callCache.set(mod, c);
  }
  return c;
}

/** Visit every statement, recursively through blocks (not nested functions). */
export function walkStmts(stmts: readonly Stmt[], visit: (s: Stmt) => void): void {
  for (const s of stmts) {
    visit(s);
    if (s.k === 'if') { walkStmts(s.then, visit); walkStmts(s.else, visit); }
    else if (s.k === 'loop' || s.k === 'block') walkStmts(s.body, visit);
  }
}
