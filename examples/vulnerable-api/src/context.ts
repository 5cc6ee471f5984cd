import type { RequestHandler } from 'express';
import type { AppConfig } from './config.js';
import type { Db } from './db.js';
import type { LoginLimiter } from './middleware/login-limiter.js';
import type { PaymentClient } from './payments.js';

/** What every route module gets from `createApp`. */
export interface RouteContext {
  readonly config: AppConfig;
  readonly db: Db;
  readonly requireAuth: RequestHandler;
  /** Failed-login counters per account and per client address (used in secure mode). */
  readonly loginLimits: { readonly account: LoginLimiter; readonly ip: LoginLimiter };
  readonly payments: PaymentClient;
}

/** Reads a JSON body as a plain object (Express 5 leaves `req.body` undefined without a parser match). */
export function bodyObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
