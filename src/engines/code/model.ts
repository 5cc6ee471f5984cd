import type { Func } from './ir.js';

export type Framework = 'express' | 'koa' | 'fastify' | 'nestjs' | 'flask' | 'fastapi' | 'django-rest-framework';

/** Something in front of or inside a route that checks the caller. */
export interface Guard {
  /** authn: who is calling; authz: a role or permission check; ratelimit: request throttling. */
  readonly kind: 'authn' | 'authz' | 'ratelimit';
  readonly via: 'middleware' | 'decorator' | 'guard' | 'dependency' | 'handler' | 'hook';
  /** What it is called in the code, e.g. `requireAuth`, `@login_required`, `req.user.role check`. */
  readonly name: string;
  readonly file: string;
  readonly line: number;
}

/** How a handler receives the request, for the taint sources. */
export type Binding =
  | { readonly kind: 'reqobj'; readonly reqIndex: number }
  | { readonly kind: 'flask'; readonly viewArgs: ReadonlyMap<string, string> }
  | { readonly kind: 'fastapi'; readonly pathParams: ReadonlySet<string> }
  | { readonly kind: 'nest' }
  /** Django REST framework: `request` parameter, URL keyword arguments (`pk`). */
  | { readonly kind: 'drf'; readonly reqIndex: number; readonly pathParams: ReadonlySet<string> };

/** One HTTP route found in the code. */
export interface Route {
  readonly framework: Framework;
  readonly method: string;
  /** Full path template with prefixes applied, in the framework's syntax normalised to `{name}`. */
  readonly path: string;
  readonly file: string;
  readonly line: number;
  readonly handler?: Func;
  readonly handlerName: string;
  readonly guards: readonly Guard[];
  readonly binding: Binding;
  /** Path parameters with a numeric converter or pipe (`<int:id>`, `ParseIntPipe`, `id: int`). */
  readonly numericParams: ReadonlySet<string>;
  /** Static files served under this path prefix (`express.static`): any path below it is served. */
  readonly staticPrefix?: string;
}
