import type { TraceStep } from '../../../core/finding.js';
import type { Call, Expr, Lang } from '../ir.js';

/** What a tainted value may reach; a sanitiser clears one or more kinds. */
export const SINK_KINDS = ['sql', 'nosql', 'cmd', 'code', 'deser', 'xss', 'path', 'ssrf', 'redirect', 'smtp', 'ldap', 'mass', 'privileged'] as const;
export type SinkKind = (typeof SINK_KINDS)[number];
export const KIND_BIT: Record<SinkKind, number> = Object.fromEntries(SINK_KINDS.map((k, i) => [k, 1 << i])) as Record<SinkKind, number>;
export const ALL_KINDS = (1 << SINK_KINDS.length) - 1;

/** One way a request input reaches a value: where it came from and the steps since. */
export interface Label {
  /** Set for a real request input. */
  readonly source?: { readonly desc: string; readonly file: string; readonly line: number };
  /** Set while summarising a function: the parameter the value came from. */
  readonly param?: number;
  readonly steps: readonly TraceStep[];
  /** Bit set of sink kinds this value was sanitised for. */
  readonly clean: number;
  /** The whole request object/body (`req.body`, `**request.json`) rather than one field. */
  readonly whole: boolean;
  /**
   * A property or column *name* chosen by the request: a key of a request object (`Object.keys`,
   * `for (k in body)`, `dict.items()`), or such a key after a lookup or membership test against a
   * constant map/allow-list that still lets it be a privileged name.
   */
  readonly key?: KeyOrigin;
  /** Elements are `[key, value]` pairs (`Object.entries`, `dict.items()`); `fixed`: of an object whose keys the code chose. */
  readonly entries?: 'request' | 'fixed';
}

/** Where a request-chosen key came from; `priv` is set once a constant map/allow-list limits it. */
export interface KeyOrigin {
  /** A privileged name the key can still take (`role`). */
  readonly priv?: string;
  /** The map or allow-list that limited it (`PROFILE_COLUMNS`). */
  readonly via?: string;
}

/** An abstract value: the labels that reach it and a few facts. */
export interface Val {
  readonly labels: readonly Label[];
  /** The request object itself (`req`, Flask `request`). */
  readonly req?: 'js' | 'flask' | 'starlette' | 'drf';
  /** The name the handler gave the request object (`req`, `request`, `ctx`). */
  readonly reqName?: string;
  /** The current user (`req.user`, `current_user`, a FastAPI `Depends(get_current_user)` parameter). */
  readonly user?: boolean;
}

/** A sink: a call whose listed arguments must not carry request input of this kind. */
export interface SinkSpec {
  readonly kind: SinkKind;
  /** Last segment of the callee (`query` for `db.query`); `*` to match any call (use `callee`). */
  readonly names: readonly string[];
  /** Further test on the whole dotted callee text (`db.query`, `cursor.execute`, `subprocess.run`). */
  readonly callee?: RegExp;
  readonly langs?: readonly ('js' | 'py')[];
  /** Dangerous positional arguments; `all` for every argument. */
  readonly args: readonly number[] | 'all';
  /** Dangerous keyword arguments (Python). */
  readonly kw?: readonly string[];
  /**
   * Extra condition on the call (e.g. `shell=True`). `valueOf` resolves a local name to the
   * expression last assigned to it in the same function (to read a query text held in a variable).
   */
  readonly when?: (call: Call, lang: Lang, valueOf?: (name: string) => Expr | undefined) => boolean;
  /** What the sink does, for messages: `SQL query`, `shell command`. */
  readonly what: string;
  /** Only whole-object values count (mass assignment, NoSQL operator injection). */
  readonly wholeOnly?: boolean;
  /** Only request-chosen key names count (column names of a built UPDATE/INSERT). */
  readonly keysOnly?: boolean;
}

/** A tainted value reaching a sink. */
export interface SinkHit {
  readonly checkId: string;
  readonly spec: SinkSpec;
  readonly file: string;
  readonly line: number;
  readonly trace: readonly TraceStep[];
  readonly source: string;
  readonly sink: string;
  /** Set when the value at the sink was a request-chosen key name. */
  readonly key?: KeyOrigin;
}

/** A taint rule: its sinks. */
export interface TaintRule {
  readonly id: string;
  readonly sinks: readonly SinkSpec[];
}

/** Hooks for checks that look at a call with the taint of its arguments (mass assignment). */
export interface CallObserver {
  readonly id: string;
  observe(call: Call, ctx: CallContext): void;
}

export interface CallContext {
  readonly file: string;
  readonly lang: Lang;
  valueOf(e: Expr): Val;
  /** Whether a local name holds a container literal created in this function (`const out = {}`). */
  isLocalContainer(name: string): boolean;
  report(hit: { line: number; label: Label; sink: string; key?: string }): void;
}
