import type { SNode as Node } from './syntax.js';
import type { ClassDef, Expr, Func, Import, Lang, Module, Param, Prop, Stmt, Target } from './ir.js';
import { ty, tyo } from './parse.js';

/** One shared empty list for the many empty argument, keyword and decorator lists (never mutated). */
const NONE: readonly never[] = Object.freeze([]);

/** Lower a JavaScript/TypeScript syntax tree into the analysis IR. */
export function lowerJs(root: Node, file: string, lang: Lang, text: string): Module {
  const functions: Func[] = [];
  const classes: ClassDef[] = [];
  const imports: Import[] = [];
  const exports = new Map<string, Expr>();
  const exportDecorators: Expr[] = [];
  const line = (n: Node): number => n.startPosition.row + 1;
  const unknown = (n: Node): Expr => ({ k: 'unknown', line: line(n) });
  const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null && ty(c) !== 'comment');

  const strValue = (n: Node): string => {
    // fast path: no escapes, so the value is the text between the quotes (saves marshalling the children)
    const t = n.text;
    if (t.length >= 2 && !t.includes('\\')) return t.slice(1, -1);
    let s = '';
    for (const c of named(n)) if (ty(c) === 'string_fragment' || ty(c) === 'escape_sequence') s += ty(c) === 'escape_sequence' ? unescape(c.text) : c.text;
    return s;
  };

  const mkFunc = (n: Node, name: string | null, cls?: string, decorators: Expr[] = []): Func => {
    const params: Param[] = [];
    const ps = n.childForFieldName('parameters') ?? n.childForFieldName('parameter');
    if (ps) {
      if (ty(ps) === 'identifier') params.push({ name: ps.text, decorators: NONE });
      else for (const p of named(ps)) params.push(param(p));
    }
    const bodyNode = n.childForFieldName('body');
    let body: Stmt[] = [];
    let exprBody = false;
    if (bodyNode) {
      if (ty(bodyNode) === 'statement_block') body = block(bodyNode);
      else {
        exprBody = true;
        body = [{ k: 'return', e: expr(bodyNode), line: line(bodyNode) }];
      }
    }
    const f: Func = { id: `${file}#${line(n)}:${n.startPosition.column}`, name, params, body, line: line(n), endLine: n.endPosition.row + 1, decorators, file, cls, exprBody };
    functions.push(f);
    return f;
  };

  const param = (p: Node): Param => {
    const decorators: Expr[] = [];
    let annotation: string | undefined;
    let node = p;
    if (ty(p) === 'required_parameter' || ty(p) === 'optional_parameter') {
      for (const c of named(p)) if (ty(c) === 'decorator') decorators.push(decoratorExpr(c));
      const t = p.childForFieldName('type');
      if (t) annotation = t.text.replace(/^:\s*/, '');
      node = p.childForFieldName('pattern') ?? p;
      const v = p.childForFieldName('value');
      if (v) return { name: ty(node) === 'identifier' ? node.text : null, pattern: ty(node) === 'identifier' ? undefined : target(node), annotation, default: expr(v), decorators };
    }
    if (ty(node) === 'assignment_pattern') {
      const left = node.childForFieldName('left')!;
      return { name: ty(left) === 'identifier' ? left.text : null, pattern: ty(left) === 'identifier' ? undefined : target(left), default: expr(node.childForFieldName('right')!), decorators, annotation };
    }
    if (ty(node) === 'identifier') return { name: node.text, decorators, annotation };
    if (ty(node) === 'rest_pattern') return { name: named(node)[0]?.text ?? null, decorators, annotation };
    return { name: null, pattern: target(node), decorators, annotation };
  };

  const decoratorExpr = (d: Node): Expr => {
    const inner = named(d)[0];
    return inner ? expr(inner) : unknown(d);
  };

  const target = (n: Node): Target => {
    switch (ty(n)) {
      case 'identifier': case 'shorthand_property_identifier_pattern': return { k: 'name', name: n.text };
      case 'member_expression': { const e = expr(n); return e.k === 'member' ? { k: 'member', obj: e.obj, prop: e.prop } : { k: 'none' }; }
      case 'subscript_expression': { const e = expr(n); if (e.k === 'member') return { k: 'member', obj: e.obj, prop: e.prop }; return e.k === 'index' ? { k: 'index', obj: e.obj, index: e.index } : { k: 'none' }; }
      case 'object_pattern': {
        const props: { key: string; target: Target }[] = [];
        let rest: Target | undefined;
        for (const c of named(n)) {
          if (ty(c) === 'shorthand_property_identifier_pattern') props.push({ key: c.text, target: { k: 'name', name: c.text } });
          else if (ty(c) === 'pair_pattern') props.push({ key: propKey(c.childForFieldName('key')!) ?? '?', target: target(c.childForFieldName('value')!) });
          else if (ty(c) === 'object_assignment_pattern') { const l = c.childForFieldName('left')!; props.push({ key: l.text, target: target(l) }); }
          else if (ty(c) === 'rest_pattern') rest = target(named(c)[0]!);
        }
        return { k: 'pattern', props, rest };
      }
      case 'array_pattern': return { k: 'tuple', items: named(n).map(target) };
      case 'assignment_pattern': return target(n.childForFieldName('left')!);
      case 'rest_pattern': return named(n)[0] ? target(named(n)[0]!) : { k: 'none' };
      case 'parenthesized_expression': return named(n)[0] ? target(named(n)[0]!) : { k: 'none' };
      default: return { k: 'none' };
    }
  };

  const propKey = (k: Node): string | null => {
    if (ty(k) === 'property_identifier' || ty(k) === 'identifier' || ty(k) === 'shorthand_property_identifier') return k.text;
    if (ty(k) === 'string') return strValue(k);
    if (ty(k) === 'number') return k.text;
    return null;
  };

  const args = (n: Node | null): readonly Expr[] => {
    const list = n ? named(n).map((a) => (ty(a) === 'spread_element' ? expr(named(a)[0] ?? a) : expr(a))) : NONE;
    return list.length ? list : NONE;
  };

  const classDef = (n: Node, decorators: Expr[]): ClassDef => {
    const name = n.childForFieldName('name')?.text ?? 'anonymous';
    for (const c of named(n)) if (ty(c) === 'decorator') decorators.push(decoratorExpr(c));
    const bases: Expr[] = [];
    const methods: Func[] = [];
    const fields: ClassDef['fields'][number][] = [];
    for (const c of named(n)) if (ty(c) === 'class_heritage') for (const h of named(c)) for (const x of ty(h) === 'extends_clause' ? named(h) : [h]) bases.push(expr(x));
    const body = n.childForFieldName('body');
    let pending: Expr[] = [];
    for (const m of body ? named(body) : []) {
      if (ty(m) === 'decorator') { pending.push(decoratorExpr(m)); continue; }
      if (ty(m) === 'method_definition' || ty(m) === 'method_signature') {
        const decos = [...pending];
        for (const c of named(m)) if (ty(c) === 'decorator') decos.push(decoratorExpr(c));
        methods.push(mkFunc(m, m.childForFieldName('name')?.text ?? null, name, decos));
      } else if (ty(m) === 'public_field_definition' || ty(m) === 'field_definition') {
        const nm = m.childForFieldName('name') ?? m.childForFieldName('property');
        const v = m.childForFieldName('value');
        const t = m.childForFieldName('type');
        if (nm) fields.push({ name: nm.text, annotation: t?.text.replace(/^:\s*/, ''), value: v ? expr(v) : undefined, line: line(m) });
      }
      pending = [];
    }
    const cls: ClassDef = { name, decorators, bases, methods, fields, line: line(n) };
    classes.push(cls);
    return cls;
  };

  const concatParts = (n: Node, out: Expr[]): void => {
    if (ty(n) === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
      concatParts(n.childForFieldName('left')!, out);
      concatParts(n.childForFieldName('right')!, out);
    } else out.push(expr(n));
  };

  const expr = (n: Node): Expr => {
    const l = line(n);
    switch (ty(n)) {
      case 'identifier': case 'this': case 'super': case 'shorthand_property_identifier': case 'property_identifier': return { k: 'name', name: n.text, line: l };
      case 'undefined': case 'null': return { k: 'lit', value: 'null', text: n.text, line: l };
      case 'true': case 'false': return { k: 'lit', value: 'bool', text: n.text, line: l };
      case 'number': return { k: 'lit', value: 'num', text: n.text, line: l };
      case 'regex': return { k: 'lit', value: 'other', text: n.text, line: l };
      case 'string': return { k: 'str', value: strValue(n), line: l };
      case 'template_string': {
        const parts: Expr[] = [];
        let hasSub = false;
        for (const c of named(n)) {
          if (ty(c) === 'template_substitution') { hasSub = true; const inner = named(c)[0]; if (inner) parts.push(expr(inner)); }
          else if (ty(c) === 'string_fragment' || ty(c) === 'escape_sequence') parts.push({ k: 'str', value: c.text, line: line(c) });
        }
        if (!hasSub) return { k: 'str', value: parts.map((p) => (p.k === 'str' ? p.value : '')).join(''), line: l };
        return { k: 'concat', parts, how: 'template', line: l };
      }
      case 'member_expression': {
        const obj = n.childForFieldName('object')!;
        const prop = n.childForFieldName('property');
        return { k: 'member', obj: expr(obj), prop: prop?.text ?? '?', line: l };
      }
      case 'subscript_expression': {
        const obj = expr(n.childForFieldName('object')!);
        const idxNode = n.childForFieldName('index');
        const idx = idxNode ? expr(idxNode) : unknown(n);
        if (idx.k === 'str') return { k: 'member', obj, prop: idx.value, line: l };
        return { k: 'index', obj, index: idx, line: l };
      }
      case 'call_expression': {
        const fnNode = n.childForFieldName('function')!;
        const argNode = n.childForFieldName('arguments');
        if (argNode && ty(argNode) === 'template_string') return { k: 'call', callee: expr(fnNode), args: [expr(argNode)], kw: NONE, line: l, tagged: true };
        return { k: 'call', callee: expr(fnNode), args: args(argNode), kw: NONE, line: l };
      }
      case 'new_expression': return { k: 'call', callee: expr(n.childForFieldName('constructor')!), args: args(n.childForFieldName('arguments')), kw: NONE, line: l, isNew: true };
      case 'await_expression': case 'parenthesized_expression': case 'as_expression': case 'non_null_expression': case 'satisfies_expression': case 'type_assertion': case 'spread_element': case 'yield_expression': {
        const inner = named(n).find((c) => !/type|predefined_type|type_identifier|generic_type/.test(ty(c))) ?? named(n)[0];
        return inner ? expr(inner) : unknown(n);
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text ?? '';
        if (op === '+') {
          const parts: Expr[] = [];
          concatParts(n, parts);
          if (parts.some((p) => p.k === 'str' || p.k === 'concat')) return { k: 'concat', parts, how: 'plus', line: l };
          return { k: 'op', op: '+', parts, line: l };
        }
        return { k: 'op', op, parts: [expr(n.childForFieldName('left')!), expr(n.childForFieldName('right')!)], line: l };
      }
      case 'unary_expression': return { k: 'op', op: n.childForFieldName('operator')?.text ?? '', parts: [expr(n.childForFieldName('argument')!)], line: l };
      case 'update_expression': return { k: 'lit', value: 'num', text: n.text, line: l };
      case 'ternary_expression': return { k: 'op', op: '?:', parts: [expr(n.childForFieldName('consequence')!), expr(n.childForFieldName('alternative')!)], line: l, test: expr(n.childForFieldName('condition')!) };
      case 'sequence_expression': { const c = named(n); return c.length ? expr(c[c.length - 1]!) : unknown(n); }
      case 'assignment_expression': return expr(n.childForFieldName('right')!);
      case 'object': {
        const props: Prop[] = [];
        for (const c of named(n)) {
          if (ty(c) === 'pair') props.push({ key: propKey(c.childForFieldName('key')!), value: expr(c.childForFieldName('value')!) });
          else if (ty(c) === 'shorthand_property_identifier') props.push({ key: c.text, value: { k: 'name', name: c.text, line: line(c) } });
          else if (ty(c) === 'spread_element') props.push({ key: null, value: expr(named(c)[0]!), spread: true });
          else if (ty(c) === 'method_definition') props.push({ key: c.childForFieldName('name')?.text ?? null, value: { k: 'fn', fn: mkFunc(c, c.childForFieldName('name')?.text ?? null), line: line(c) } });
        }
        return { k: 'obj', props, line: l };
      }
      case 'array': return { k: 'arr', items: named(n).map(expr), line: l };
      case 'arrow_function': case 'function_expression': case 'function': case 'generator_function': return { k: 'fn', fn: mkFunc(n, n.childForFieldName('name')?.text ?? null), line: l };
      case 'class': return { k: 'fn', fn: { id: `${file}#${l}:class`, name: null, params: [], body: [{ k: 'class', cls: classDef(n, []), line: l }], line: l, endLine: l, decorators: NONE, file }, line: l };
      case 'jsx_element': case 'jsx_self_closing_element': case 'jsx_expression': {
        const parts: Expr[] = [];
        for (const c of named(n)) if (ty(c) === 'jsx_expression' || ty(c) === 'jsx_element') parts.push(expr(c));
        return parts.length ? { k: 'op', op: 'jsx', parts, line: l } : unknown(n);
      }
      default: return unknown(n);
    }
  };

  const stmt = (n: Node, out: Stmt[]): void => {
    const l = line(n);
    switch (ty(n)) {
      case 'expression_statement': {
        const e = named(n)[0];
        if (!e) return;
        if (ty(e) === 'assignment_expression') {
          const left = e.childForFieldName('left')!;
          const right = expr(e.childForFieldName('right')!);
          recordExport(left, right);
          out.push({ k: 'assign', target: target(left), value: right, line: l });
        } else if (ty(e) === 'augmented_assignment_expression') {
          out.push({ k: 'assign', target: target(e.childForFieldName('left')!), value: expr(e.childForFieldName('right')!), line: l, augmented: true });
        } else out.push({ k: 'expr', e: expr(e), line: l });
        return;
      }
      case 'lexical_declaration': case 'variable_declaration':
        for (const d of named(n)) {
          if (ty(d) !== 'variable_declarator') continue;
          const nameNode = d.childForFieldName('name')!;
          const v = d.childForFieldName('value');
          const value = v ? expr(v) : ({ k: 'lit', value: 'null', text: 'undefined', line: line(d) } as Expr);
          if (v && ty(v) === 'call_expression' && v.childForFieldName('function')?.text === 'require') recordRequire(nameNode, v);
          out.push({ k: 'assign', target: target(nameNode), value, line: line(d), decl: true });
        }
        return;
      case 'function_declaration': case 'generator_function_declaration': {
        const f = mkFunc(n, n.childForFieldName('name')?.text ?? null);
        out.push({ k: 'fn', fn: f, line: l });
        return;
      }
      case 'class_declaration': case 'abstract_class_declaration': {
        out.push({ k: 'class', cls: classDef(n, exportDecorators.splice(0)), line: l });
        return;
      }
      case 'return_statement': { const e = named(n)[0]; out.push({ k: 'return', e: e ? expr(e) : undefined, line: l }); return; }
      case 'throw_statement': { const e = named(n)[0]; out.push({ k: 'throw', e: e ? expr(e) : undefined, line: l }); return; }
      case 'if_statement': {
        const cond = n.childForFieldName('condition')!;
        const cons = n.childForFieldName('consequence');
        const alt = n.childForFieldName('alternative');
        const elseBody: Stmt[] = [];
        if (alt) for (const c of named(alt)) stmt(c, elseBody);
        out.push({ k: 'if', test: expr(cond), then: cons ? block(cons) : [], else: elseBody, line: l });
        return;
      }
      case 'statement_block': out.push({ k: 'block', body: block(n), line: l }); return;
      case 'for_in_statement': {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        const keys = n.childForFieldName('operator')?.text === 'in';
        out.push({ k: 'loop', target: left ? target(left) : undefined, iter: right ? expr(right) : undefined, body: block(n.childForFieldName('body')), line: l, ...(keys ? { keys } : {}) });
        return;
      }
      case 'continue_statement': out.push({ k: 'continue', line: l }); return;
      case 'for_statement': case 'while_statement': case 'do_statement': {
        const body: Stmt[] = [];
        const init = n.childForFieldName('initializer');
        if (init) stmt(init, body);
        body.push(...block(n.childForFieldName('body')));
        out.push({ k: 'loop', body, line: l });
        return;
      }
      case 'try_statement': {
        const body: Stmt[] = [...block(n.childForFieldName('body'))];
        const h = n.childForFieldName('handler');
        if (h) body.push(...block(h.childForFieldName('body')));
        const f = n.childForFieldName('finalizer');
        if (f) body.push(...block(named(f)[0] ?? null));
        out.push({ k: 'block', body, line: l });
        return;
      }
      case 'switch_statement': {
        const body: Stmt[] = [];
        const sb = n.childForFieldName('body');
        for (const c of sb ? named(sb) : []) for (const s of named(c)) if (ty(s).endsWith('statement') || ty(s).endsWith('declaration')) stmt(s, body);
        out.push({ k: 'block', body, line: l });
        return;
      }
      case 'labeled_statement': case 'else_clause': for (const c of named(n)) stmt(c, out); return;
      case 'import_statement': recordImport(n); return;
      case 'export_statement': {
        const decl = n.childForFieldName('declaration');
        const value = n.childForFieldName('value');
        const isDefault = n.children.some((c) => tyo(c) === 'default');
        for (const c of named(n)) if (ty(c) === 'decorator') exportDecorators.push(decoratorExpr(c));
        if (decl) {
          const before = out.length;
          stmt(decl, out);
          for (const s of out.slice(before)) {
            if (s.k === 'fn' && s.fn.name) { exports.set(s.fn.name, { k: 'fn', fn: s.fn, line: s.line }); if (isDefault) exports.set('default', { k: 'fn', fn: s.fn, line: s.line }); }
            else if (s.k === 'assign' && s.target.k === 'name') exports.set(s.target.name, { k: 'name', name: s.target.name, line: s.line });
            else if (s.k === 'class') { exports.set(s.cls.name, { k: 'name', name: s.cls.name, line: s.line }); if (isDefault) exports.set('default', { k: 'name', name: s.cls.name, line: s.line }); }
          }
        } else if (value) {
          const e = expr(value);
          exports.set('default', e);
          out.push({ k: 'expr', e, line: l });
        } else {
          const src = n.childForFieldName('source');
          for (const c of named(n)) if (ty(c) === 'export_clause') for (const s of named(c)) {
            const nm = s.childForFieldName('name')?.text;
            const alias = s.childForFieldName('alias')?.text ?? nm;
            if (!nm || !alias) continue;
            if (src) { imports.push({ local: `__reexport_${alias}`, module: strValue(src), imported: nm, line: l }); exports.set(alias, { k: 'name', name: `__reexport_${alias}`, line: l }); }
            else exports.set(alias, { k: 'name', name: nm, line: l });
          }
        }
        return;
      }
      default:
        if (ty(n).endsWith('declaration') || ty(n) === 'empty_statement' || ty(n) === 'comment') return;
        return;
    }
  };

  const block = (n: Node | null): Stmt[] => {
    const out: Stmt[] = [];
    if (!n) return out;
    if (ty(n) !== 'statement_block' && ty(n) !== 'program' && ty(n) !== 'class_body' && ty(n) !== 'switch_body') { stmt(n, out); return out; }
    for (const c of named(n)) stmt(c, out);
    return out;
  };

  const recordExport = (left: Node, right: Expr): void => {
    const t = left.text.replace(/\s+/g, '');
    if (t === 'module.exports') {
      exports.set('default', right);
      if (right.k === 'obj') for (const p of right.props) if (p.key) exports.set(p.key, p.value);
    } else {
      const m = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(t);
      if (m) exports.set(m[1]!, right);
    }
  };

  const recordRequire = (nameNode: Node, call: Node): void => {
    const a = named(call.childForFieldName('arguments')!)[0];
    if (!a || ty(a) !== 'string') return;
    const mod = strValue(a);
    if (ty(nameNode) === 'identifier') imports.push({ local: nameNode.text, module: mod, imported: '*', line: line(nameNode) });
    else if (ty(nameNode) === 'object_pattern') {
      for (const c of named(nameNode)) {
        if (ty(c) === 'shorthand_property_identifier_pattern') imports.push({ local: c.text, module: mod, imported: c.text, line: line(c) });
        else if (ty(c) === 'pair_pattern') {
          const v = c.childForFieldName('value');
          if (v && ty(v) === 'identifier') imports.push({ local: v.text, module: mod, imported: c.childForFieldName('key')!.text, line: line(c) });
        }
      }
    }
  };

  const recordImport = (n: Node): void => {
    const src = n.childForFieldName('source');
    if (!src) return;
    const mod = strValue(src);
    for (const c of named(n)) {
      if (ty(c) !== 'import_clause') continue;
      for (const x of named(c)) {
        if (ty(x) === 'identifier') imports.push({ local: x.text, module: mod, imported: 'default', line: line(x) });
        else if (ty(x) === 'namespace_import') { const id = named(x)[0]; if (id) imports.push({ local: id.text, module: mod, imported: '*', line: line(x) }); }
        else if (ty(x) === 'named_imports') for (const s of named(x)) {
          if (ty(s) !== 'import_specifier') continue;
          const nm = s.childForFieldName('name')?.text;
          const alias = s.childForFieldName('alias')?.text ?? nm;
          if (nm && alias) imports.push({ local: alias, module: mod, imported: nm, line: line(s) });
        }
      }
    }
  };

  const body = block(root);
  const lines = text.split('\n');
  return { file, lang, body, functions, classes, imports, exports, lineCount: lines.length, lines };
}

function unescape(s: string): string {
  switch (s) {
    case '\\n': return '\n';
    case '\\r': return '\r';
    case '\\t': return '\t';
    default: return s.length === 2 ? s[1]! : s;
  }
}
