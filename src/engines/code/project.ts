import { posix } from 'node:path';
import type { ClassDef, Expr, Func, Module } from './ir.js';

/** All lowered modules of one analysis, with import resolution between them. */
export class Project {
  readonly modules = new Map<string, Module>();
  private readonly fnByName = new Map<string, Map<string, Func>>();
  private readonly varByName = new Map<string, Map<string, Expr>>();
  private readonly classByName = new Map<string, Map<string, ClassDef>>();

  constructor(mods: readonly Module[]) {
    for (const m of mods) {
      this.modules.set(m.file, m);
      const fns = new Map<string, Func>();
      const vars = new Map<string, Expr>();
      const classes = new Map<string, ClassDef>();
      for (const s of m.body) {
        if (s.k === 'fn' && s.fn.name) fns.set(s.fn.name, s.fn);
        else if (s.k === 'assign' && s.target.k === 'name') {
          vars.set(s.target.name, s.value);
          if (s.value.k === 'fn') fns.set(s.target.name, s.value.fn);
        } else if (s.k === 'class') classes.set(s.cls.name, s.cls);
      }
      for (const c of m.classes) if (!classes.has(c.name)) classes.set(c.name, c);
      this.fnByName.set(m.file, fns);
      this.varByName.set(m.file, vars);
      this.classByName.set(m.file, classes);
    }
  }

  private readonly moduleCache = new Map<string, Module | undefined>();
  /** lookup() results by file, then name (two levels: no concatenated key to hash per call). */
  private readonly lookupCache = new Map<string, Map<string, ReturnType<Project['lookup']>>>();
  private pySuffixIndex: Map<string, string> | undefined;

  /** The file an import specifier refers to, when it is part of the analysed tree. */
  resolveModule(fromFile: string, spec: string, py: boolean): Module | undefined {
    const absolutePy = py && !spec.startsWith('.');
    const key = absolutePy ? `py|${spec}` : `${fromFile}|${spec}|${py}`;
    if (this.moduleCache.has(key)) return this.moduleCache.get(key);
    const m = this.resolveModuleUncached(fromFile, spec, py);
    this.moduleCache.set(key, m);
    return m;
  }

  private resolveModuleUncached(fromFile: string, spec: string, py: boolean): Module | undefined {
    if (py) {
      let base: string;
      if (spec.startsWith('.')) {
        const dots = /^\.+/.exec(spec)![0].length;
        let dir = posix.dirname(fromFile);
        for (let i = 1; i < dots; i++) dir = posix.dirname(dir);
        base = posix.join(dir, spec.slice(dots).replace(/\./g, '/'));
      } else base = spec.replace(/\./g, '/');
      const candidates = [`${base}.py`, `${base}/__init__.py`];
      for (const c of candidates) { const m = this.modules.get(posix.normalize(c)); if (m) return m; }
      // absolute imports relative to some package root inside the tree
      if (!spec.startsWith('.')) {
        if (!this.pySuffixIndex) {
          this.pySuffixIndex = new Map();
          for (const f of this.modules.keys()) {
            if (!f.endsWith('.py')) continue;
            const parts = f.replace(/(\/__init__)?\.py$/, '').split('/');
            for (let i = 1; i < parts.length; i++) {
              const suffix = parts.slice(i).join('/');
              if (!this.pySuffixIndex.has(suffix)) this.pySuffixIndex.set(suffix, f);
            }
          }
        }
        const f = this.pySuffixIndex.get(base);
        return f ? this.modules.get(f) : undefined;
      }
      return undefined;
    }
    if (!spec.startsWith('.')) return undefined;
    const base = posix.normalize(posix.join(posix.dirname(fromFile), spec));
    const stripped = base.replace(/\.(js|mjs|cjs|ts)$/, '');
    for (const c of [base, `${stripped}.ts`, `${stripped}.js`, `${stripped}.tsx`, `${stripped}.mjs`, `${stripped}.cjs`, `${stripped}/index.ts`, `${stripped}/index.js`]) {
      const m = this.modules.get(c);
      if (m) return m;
    }
    return undefined;
  }

  /** What a local name in a module refers to: a function, a class, a variable's value, or an import. */
  lookup(file: string, name: string, depth = 0): { fn?: Func; cls?: ClassDef; value?: Expr; module?: Module; file: string } | undefined {
    if (depth > 6) return undefined;
    let byName = this.lookupCache.get(file);
    if (byName === undefined) this.lookupCache.set(file, (byName = new Map()));
    if (byName.has(name)) return byName.get(name);
    const r = this.lookupUncached(file, name, depth);
    byName.set(name, r);
    return r;
  }

  private lookupUncached(file: string, name: string, depth: number): ReturnType<Project['lookup']> {
    const fn = this.fnByName.get(file)?.get(name);
    if (fn) return { fn, file };
    const cls = this.classByName.get(file)?.get(name);
    if (cls) return { cls, file };
    const mod = this.modules.get(file);
    if (!mod) return undefined;
    const imp = mod.imports.find((i) => i.local === name);
    if (imp) {
      const target = this.resolveModule(file, imp.module, mod.lang === 'py');
      if (!target) {
        if (mod.lang === 'py' && imp.imported !== '*') {
          // `from pkg import submodule`
          const sub = this.resolveModule(file, `${imp.module}${imp.module.endsWith('.') ? '' : '.'}${imp.imported}`, true);
          if (sub) return { module: sub, file: sub.file };
        }
        return undefined;
      }
      if (imp.imported === '*') {
        const def = target.lang !== 'py' ? target.exports.get('default') : undefined;
        // CommonJS `module.exports = fn` required as a whole
        if (def && def.k === 'fn') return { fn: def.fn, file: target.file, module: target };
        if (def && def.k === 'name') { const r = this.lookup(target.file, def.name, depth + 1); if (r?.fn || r?.cls) return { ...r, module: target }; if (r?.value && r.value.k !== 'obj') return { ...r, module: target }; }
        return { module: target, file: target.file };
      }
      const found = this.lookupExport(target, imp.imported, depth + 1);
      if (found || mod.lang !== 'py') return found;
      const sub = this.resolveModule(file, `${imp.module}${imp.module.endsWith('.') ? '' : '.'}${imp.imported}`, true);
      return sub ? { module: sub, file: sub.file } : undefined;
    }
    const v = this.varByName.get(file)?.get(name);
    if (v) return { value: v, file };
    return undefined;
  }

  /** An exported name of a module. */
  lookupExport(mod: Module, name: string, depth = 0): ReturnType<Project['lookup']> {
    const e = mod.exports.get(name);
    if (!e) {
      if (mod.lang === 'py') return this.lookup(mod.file, name, depth + 1);
      return undefined;
    }
    if (e.k === 'fn') return { fn: e.fn, file: mod.file };
    if (e.k === 'name') return this.lookup(mod.file, e.name, depth + 1) ?? { value: e, file: mod.file };
    return { value: e, file: mod.file };
  }

  /** Resolve a callee expression to a function in the project. */
  resolveCallee(file: string, callee: Expr): { fn: Func; file: string } | undefined {
    if (callee.k === 'fn') return { fn: callee.fn, file };
    if (callee.k === 'name') {
      const r = this.lookup(file, callee.name);
      if (r?.fn) return { fn: r.fn, file: r.file };
      if (r?.value?.k === 'fn') return { fn: r.value.fn, file: r.file };
      return undefined;
    }
    if (callee.k === 'member' && callee.obj.k === 'name') {
      const r = this.lookup(file, callee.obj.name);
      if (r?.module) {
        const x = this.lookupExport(r.module, callee.prop);
        if (x?.fn) return { fn: x.fn, file: x.file };
        if (x?.value?.k === 'fn') return { fn: x.value.fn, file: x.file };
      }
      if (r?.value?.k === 'obj') {
        const p = r.value.props.find((q) => q.key === callee.prop);
        if (p?.value.k === 'fn') return { fn: p.value.fn, file: r.file };
        if (p?.value.k === 'name') return this.resolveCallee(r.file, p.value);
      }
      if (r?.cls) {
        const m = r.cls.methods.find((q) => q.name === callee.prop);
        if (m) return { fn: m, file: r.file };
      }
      if (r?.value?.k === 'call' && r.value.isNew && r.value.callee.k === 'name') {
        const c = this.lookup(r.file, r.value.callee.name);
        const m = c?.cls?.methods.find((q) => q.name === callee.prop);
        if (m && c) return { fn: m, file: c.file };
      }
    }
    return undefined;
  }
}
