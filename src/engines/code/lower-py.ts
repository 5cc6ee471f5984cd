import type { SNode as Node } from './syntax.js';
import type { ClassDef, Expr, Func, Import, Module, Param, Prop, Stmt, Target } from './ir.js';
import { ty, tyo } from './parse.js';

/** One shared empty list for the many empty argument, keyword and decorator lists (never mutated). */
const NONE: readonly never[] = Object.freeze([]);

/** Lower a Python syntax tree into the analysis IR. */
export function lowerPy(root: Node, file: string, text: string): Module {
  const functions: Func[] = [];
  const classes: ClassDef[] = [];
  const imports: Import[] = [];
  const exports = new Map<string, Expr>();
  const line = (n: Node): number => n.startPosition.row + 1;
  const unknown = (n: Node): Expr => ({ k: 'unknown', line: line(n) });
  const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null && ty(c) !== 'comment');

  const mkFunc = (n: Node, decorators: Expr[], cls?: string): Func => {
    const params: Param[] = [];
    const ps = n.childForFieldName('parameters');
    for (const p of ps ? named(ps) : []) params.push(param(p));
    const b = n.childForFieldName('body');
    const isLambda = ty(n) === 'lambda';
    const body: Stmt[] = isLambda ? (b ? [{ k: 'return', e: expr(b), line: line(b) }] : []) : block(b);
    const f: Func = { id: `${file}#${line(n)}:${n.startPosition.column}`, name: n.childForFieldName('name')?.text ?? null, params, body, line: line(n), endLine: n.endPosition.row + 1, decorators, file, cls, exprBody: isLambda };
    functions.push(f);
    return f;
  };

  const param = (p: Node): Param => {
    switch (ty(p)) {
      case 'identifier': return { name: p.text, decorators: NONE };
      case 'typed_parameter': {
        const id = named(p).find((c) => ty(c) === 'identifier');
        return { name: id?.text ?? null, annotation: p.childForFieldName('type')?.text, decorators: NONE };
      }
      case 'default_parameter': case 'typed_default_parameter':
        return { name: p.childForFieldName('name')?.text ?? null, annotation: p.childForFieldName('type')?.text, default: expr(p.childForFieldName('value')!), decorators: NONE };
      case 'list_splat_pattern': case 'dictionary_splat_pattern': return { name: named(p)[0]?.text ?? null, decorators: NONE };
      default: return { name: null, decorators: NONE };
    }
  };

  const target = (n: Node): Target => {
    switch (ty(n)) {
      case 'identifier': return { k: 'name', name: n.text };
      case 'attribute': return { k: 'member', obj: expr(n.childForFieldName('object')!), prop: n.childForFieldName('attribute')?.text ?? '?' };
      case 'subscript': {
        const obj = expr(n.childForFieldName('value')!);
        const s = n.childForFieldName('subscript');
        const idx = s ? expr(s) : unknown(n);
        return idx.k === 'str' ? { k: 'member', obj, prop: idx.value } : { k: 'index', obj, index: idx };
      }
      case 'pattern_list': case 'tuple_pattern': case 'list_pattern': case 'tuple': case 'expression_list': return { k: 'tuple', items: named(n).map(target) };
      case 'parenthesized_expression': return named(n)[0] ? target(named(n)[0]!) : { k: 'none' };
      case 'list_splat_pattern': return named(n)[0] ? target(named(n)[0]!) : { k: 'none' };
      default: return { k: 'none' };
    }
  };

  const stringExpr = (n: Node): Expr => {
    const t = n.text;
    const m = /^([rRbBuU]{0,2})('''|"""|'|")/.exec(t);
    if (m && !t.includes('\\') && t.endsWith(m[2]!) && t.length >= m[0].length + m[2]!.length) return { k: 'str', value: t.slice(m[0].length, t.length - m[2]!.length), line: line(n) };
    const parts: Expr[] = [];
    let hasInterp = false;
    for (const c of named(n)) {
      if (ty(c) === 'string_content' || ty(c) === 'escape_sequence') parts.push({ k: 'str', value: c.text, line: line(c) });
      else if (ty(c) === 'interpolation') { hasInterp = true; const e = c.childForFieldName('expression') ?? named(c)[0]; if (e) parts.push(expr(e)); }
    }
    if (!hasInterp) return { k: 'str', value: parts.map((p) => (p.k === 'str' ? p.value : '')).join(''), line: line(n) };
    return { k: 'concat', parts, how: 'fstring', line: line(n) };
  };

  const callArgs = (n: Node | null): { args: readonly Expr[]; kw: readonly { name: string; value: Expr }[] } => {
    const args: Expr[] = [];
    const kw: { name: string; value: Expr }[] = [];
    if (!n) return { args, kw };
    if (ty(n) === 'generator_expression') return { args: [expr(n)], kw };
    for (const a of named(n)) {
      if (ty(a) === 'keyword_argument') kw.push({ name: a.childForFieldName('name')?.text ?? '?', value: expr(a.childForFieldName('value')!) });
      else if (ty(a) === 'dictionary_splat') kw.push({ name: '**', value: expr(named(a)[0]!) });
      else if (ty(a) === 'list_splat') args.push(expr(named(a)[0]!));
      else args.push(expr(a));
    }
    return { args: args.length ? args : NONE, kw: kw.length ? kw : NONE };
  };

  const expr = (n: Node): Expr => {
    const l = line(n);
    switch (ty(n)) {
      case 'identifier': return { k: 'name', name: n.text, line: l };
      case 'integer': case 'float': return { k: 'lit', value: 'num', text: n.text, line: l };
      case 'true': case 'false': return { k: 'lit', value: 'bool', text: n.text, line: l };
      case 'none': return { k: 'lit', value: 'null', text: n.text, line: l };
      case 'string': return stringExpr(n);
      case 'concatenated_string': {
        const parts = named(n).map(expr);
        if (parts.every((p) => p.k === 'str')) return { k: 'str', value: parts.map((p) => (p.k === 'str' ? p.value : '')).join(''), line: l };
        return { k: 'concat', parts, how: 'fstring', line: l };
      }
      case 'attribute': return { k: 'member', obj: expr(n.childForFieldName('object')!), prop: n.childForFieldName('attribute')?.text ?? '?', line: l };
      case 'subscript': {
        const obj = expr(n.childForFieldName('value')!);
        const s = n.childForFieldName('subscript');
        const idx = s ? expr(s) : unknown(n);
        return idx.k === 'str' ? { k: 'member', obj, prop: idx.value, line: l } : { k: 'index', obj, index: idx, line: l };
      }
      case 'call': {
        const fnNode = n.childForFieldName('function')!;
        const callee = expr(fnNode);
        const { args, kw } = callArgs(n.childForFieldName('arguments'));
        if (callee.k === 'member' && callee.obj.k === 'str' && callee.prop === 'format') return { k: 'concat', parts: [callee.obj, ...args, ...kw.map((k) => k.value)], how: 'format', line: l };
        if (callee.k === 'member' && callee.obj.k === 'str' && callee.prop === 'join') return { k: 'concat', parts: [callee.obj, ...args], how: 'join', line: l };
        return { k: 'call', callee, args, kw, line: l };
      }
      case 'binary_operator': {
        const op = n.childForFieldName('operator')?.text ?? '';
        const left = expr(n.childForFieldName('left')!);
        const right = expr(n.childForFieldName('right')!);
        if (op === '%' && (left.k === 'str' || left.k === 'concat')) return { k: 'concat', parts: [left, ...(right.k === 'arr' ? right.items : [right])], how: 'percent', line: l };
        if (op === '+' && (left.k === 'str' || right.k === 'str' || left.k === 'concat' || right.k === 'concat')) {
          const parts = [...(left.k === 'concat' && left.how === 'plus' ? left.parts : [left]), right];
          return { k: 'concat', parts, how: 'plus', line: l };
        }
        return { k: 'op', op, parts: [left, right], line: l };
      }
      case 'boolean_operator': return { k: 'op', op: n.childForFieldName('operator')?.text ?? 'or', parts: [expr(n.childForFieldName('left')!), expr(n.childForFieldName('right')!)], line: l };
      case 'comparison_operator': {
        const ops = n.children.filter((c): c is Node => c !== null && !c.isNamed).map((c) => c.text).join(' ');
        return { k: 'op', op: ops, parts: named(n).map(expr), line: l };
      }
      case 'not_operator': return { k: 'op', op: 'not', parts: [expr(n.childForFieldName('argument')!)], line: l };
      case 'unary_operator': return { k: 'op', op: '-', parts: [expr(n.childForFieldName('argument')!)], line: l };
      case 'conditional_expression': { const c = named(n); return { k: 'op', op: '?:', parts: c.length >= 3 ? [expr(c[0]!), expr(c[2]!)] : c.map(expr), line: l, test: c.length >= 3 ? expr(c[1]!) : undefined }; }
      case 'parenthesized_expression': case 'await': case 'named_expression': case 'type': { const c = named(n); return c.length ? expr(c[c.length - 1]!) : unknown(n); }
      case 'list': case 'tuple': case 'set': case 'expression_list': return { k: 'arr', items: named(n).map(expr), line: l };
      case 'list_comprehension': case 'set_comprehension': case 'generator_expression': case 'dictionary_comprehension': {
        const c = named(n);
        return { k: 'arr', items: c.map((x) => (ty(x) === 'for_in_clause' ? expr(x.childForFieldName('right') ?? x) : ty(x) === 'if_clause' ? unknown(x) : ty(x) === 'pair' ? expr(x.childForFieldName('value')!) : expr(x))), line: l };
      }
      case 'dictionary': {
        const props: Prop[] = [];
        for (const c of named(n)) {
          if (ty(c) === 'pair') {
            const k = expr(c.childForFieldName('key')!);
            props.push({ key: k.k === 'str' ? k.value : null, value: expr(c.childForFieldName('value')!) });
          } else if (ty(c) === 'dictionary_splat') props.push({ key: null, value: expr(named(c)[0]!), spread: true });
        }
        return { k: 'obj', props, line: l };
      }
      case 'lambda': return { k: 'fn', fn: mkFunc(n, []), line: l };
      case 'keyword_argument': return expr(n.childForFieldName('value')!);
      default: return unknown(n);
    }
  };

  const classDef = (n: Node, decorators: Expr[]): ClassDef => {
    const name = n.childForFieldName('name')?.text ?? 'anonymous';
    const sup = n.childForFieldName('superclasses');
    const bases = sup ? named(sup).map(expr) : [];
    const methods: Func[] = [];
    const fields: ClassDef['fields'][number][] = [];
    for (const c of named(n.childForFieldName('body')!)) {
      if (ty(c) === 'function_definition') methods.push(mkFunc(c, [], name));
      else if (ty(c) === 'decorated_definition') {
        const def = c.childForFieldName('definition');
        if (def && ty(def) === 'function_definition') methods.push(mkFunc(def, named(c).filter((d) => ty(d) === 'decorator').map((d) => expr(named(d)[0]!)), name));
      } else if (ty(c) === 'expression_statement') {
        const a = named(c)[0];
        if (tyo(a) === 'assignment') {
          const left = a.childForFieldName('left');
          const right = a.childForFieldName('right');
          if (left && ty(left) === 'identifier') fields.push({ name: left.text, annotation: a.childForFieldName('type')?.text, value: right ? expr(right) : undefined, line: line(a) });
        }
      }
    }
    const cls: ClassDef = { name, decorators, bases, methods, fields, line: line(n) };
    classes.push(cls);
    return cls;
  };

  const stmt = (n: Node, out: Stmt[]): void => {
    const l = line(n);
    switch (ty(n)) {
      case 'expression_statement': {
        for (const e of named(n)) {
          if (ty(e) === 'assignment') {
            const right = e.childForFieldName('right');
            const left = e.childForFieldName('left')!;
            if (!right) continue;
            // a = b = c
            const value = ty(right) === 'assignment' ? expr(right.childForFieldName('right') ?? right) : expr(right);
            out.push({ k: 'assign', target: target(left), value, line: l });
            if (ty(right) === 'assignment' && right.childForFieldName('left')) out.push({ k: 'assign', target: target(right.childForFieldName('left')!), value, line: l });
          } else if (ty(e) === 'augmented_assignment') {
            out.push({ k: 'assign', target: target(e.childForFieldName('left')!), value: expr(e.childForFieldName('right')!), line: l, augmented: true });
          } else out.push({ k: 'expr', e: expr(e), line: l });
        }
        return;
      }
      case 'function_definition': out.push({ k: 'fn', fn: mkFunc(n, []), line: l }); return;
      case 'class_definition': out.push({ k: 'class', cls: classDef(n, []), line: l }); return;
      case 'decorated_definition': {
        const decos = named(n).filter((d) => ty(d) === 'decorator').map((d) => expr(named(d)[0]!));
        const def = n.childForFieldName('definition');
        if (def && ty(def) === 'function_definition') out.push({ k: 'fn', fn: mkFunc(def, decos), line: line(def) });
        else if (def && ty(def) === 'class_definition') out.push({ k: 'class', cls: classDef(def, decos), line: line(def) });
        return;
      }
      case 'return_statement': { const e = named(n)[0]; out.push({ k: 'return', e: e ? expr(e) : undefined, line: l }); return; }
      case 'raise_statement': { const e = named(n)[0]; out.push({ k: 'throw', e: e ? expr(e) : undefined, line: l }); return; }
      case 'if_statement': {
        const elseBody: Stmt[] = [];
        const alts = n.childrenForFieldName('alternative').filter((c): c is Node => c !== null);
        // elif chains become nested ifs
        let tail: Stmt[] = elseBody;
        for (const a of alts) {
          if (ty(a) === 'elif_clause') {
            const nested: Stmt[] = [];
            const s: Stmt = { k: 'if', test: expr(a.childForFieldName('condition')!), then: block(a.childForFieldName('consequence')), else: nested, line: line(a) };
            tail.push(s);
            tail = nested;
          } else if (ty(a) === 'else_clause') tail.push(...block(a.childForFieldName('body')));
        }
        out.push({ k: 'if', test: expr(n.childForFieldName('condition')!), then: block(n.childForFieldName('consequence')), else: elseBody, line: l });
        return;
      }
      case 'for_statement': {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        out.push({ k: 'loop', target: left ? target(left) : undefined, iter: right ? expr(right) : undefined, body: block(n.childForFieldName('body')), line: l });
        return;
      }
      case 'continue_statement': out.push({ k: 'continue', line: l }); return;
      case 'while_statement': out.push({ k: 'loop', body: block(n.childForFieldName('body')), line: l }); return;
      case 'try_statement': {
        const body: Stmt[] = [...block(n.childForFieldName('body'))];
        for (const c of named(n)) if (ty(c) === 'except_clause' || ty(c) === 'finally_clause' || ty(c) === 'else_clause') for (const b of named(c)) if (ty(b) === 'block') body.push(...block(b));
        out.push({ k: 'block', body, line: l });
        return;
      }
      case 'with_statement': {
        const body: Stmt[] = [];
        for (const c of named(n)) if (ty(c) === 'with_clause') for (const item of named(c)) {
          const v = item.childForFieldName('value');
          if (v && ty(v) === 'as_pattern') {
            const alias = v.childForFieldName('alias');
            const src = named(v)[0];
            const t = alias ? named(alias)[0] ?? alias : undefined;
            if (src && t) body.push({ k: 'assign', target: target(t), value: expr(src), line: line(item) });
          } else if (v) body.push({ k: 'expr', e: expr(v), line: line(item) });
        }
        body.push(...block(n.childForFieldName('body')));
        out.push({ k: 'block', body, line: l });
        return;
      }
      case 'import_statement':
        for (const c of named(n)) {
          if (ty(c) === 'dotted_name') imports.push({ local: c.text.split('.')[0]!, module: c.text, imported: '*', line: l });
          else if (ty(c) === 'aliased_import') imports.push({ local: c.childForFieldName('alias')!.text, module: c.childForFieldName('name')!.text, imported: '*', line: l });
        }
        return;
      case 'import_from_statement': {
        const mod = n.childForFieldName('module_name')?.text ?? '';
        for (const c of n.childrenForFieldName('name')) {
          if (!c) continue;
          if (ty(c) === 'aliased_import') imports.push({ local: c.childForFieldName('alias')!.text, module: mod, imported: c.childForFieldName('name')!.text, line: l });
          else imports.push({ local: c.text, module: mod, imported: c.text, line: l });
        }
        return;
      }
      case 'block': out.push({ k: 'block', body: block(n), line: l }); return;
      default: return;
    }
  };

  const block = (n: Node | null): Stmt[] => {
    const out: Stmt[] = [];
    if (!n) return out;
    for (const c of named(n)) stmt(c, out);
    return out;
  };

  const body = block(root);
  for (const s of body) {
    if (s.k === 'fn' && s.fn.name) exports.set(s.fn.name, { k: 'fn', fn: s.fn, line: s.line });
    else if (s.k === 'assign' && s.target.k === 'name') exports.set(s.target.name, { k: 'name', name: s.target.name, line: s.line });
    else if (s.k === 'class') exports.set(s.cls.name, { k: 'name', name: s.cls.name, line: s.line });
  }
  const lines = text.split('\n');
  return { file, lang: 'py', body, functions, classes, imports, exports, lineCount: lines.length, lines };
}
