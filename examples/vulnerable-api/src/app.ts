import express, { type Express } from 'express';
import { makeRequireAuth } from './auth.js';
import { loadConfig } from './config.js';
import type { RouteContext } from './context.js';
import { openDatabase, type Db } from './db.js';
import { registerGraphql } from './graphql.js';
import { accessLog } from './middleware/access-log.js';
import { cors } from './middleware/cors.js';
import { errorHandler, notFound } from './middleware/errors.js';
import { securityHeaders } from './middleware/headers.js';
import { LoginLimiter } from './middleware/login-limiter.js';
import { PaymentClient } from './payments.js';
import { adminRouter } from './routes/admin.js';
import { registerAuthRoutes } from './routes/auth.js';
import { notesRouter } from './routes/notes.js';
import { ordersRouter } from './routes/orders.js';
import { registerProductRoutes } from './routes/products.js';
import { registerSiteRoutes } from './routes/site.js';
import { usersRouter } from './routes/users.js';

export interface CreateAppOptions {
  /** `false`: every deliberate flaw is present. `true`: the fixed twin. */
  readonly secure: boolean;
  /** An open, seeded database; when absent one is opened at `dbPath` (default in memory) and seeded. */
  readonly db?: Db;
  readonly dbPath?: string;
  /** Environment for the secure mode's secrets (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Where unexpected server errors are logged (default: nowhere). */
  readonly log?: (line: string) => void;
  /** Receives one Combined Log Format line per response (default: no access log). */
  readonly accessLog?: (line: string) => void;
}

export function createApp(opts: CreateAppOptions): Express {
  const config = loadConfig(opts.secure, opts.env);
  const db = opts.db ?? openDatabase(opts.dbPath);
  const ctx: RouteContext = {
    config,
    db,
    requireAuth: makeRequireAuth({ config, db }),
    loginLimits: {
      account: new LoginLimiter(config.loginMaxFailures, config.loginWindowMs),
      ip: new LoginLimiter(config.loginMaxFailuresPerIp, config.loginWindowMs),
    },
    payments: new PaymentClient(config.paymentApiKey),
  };

  const app = express();
  if (config.secure) app.disable('x-powered-by');

  if (opts.accessLog !== undefined) app.use(accessLog(config, opts.accessLog));
  app.use(securityHeaders(config));
  app.use(cors(config));
  app.use(express.json({ limit: '100kb' }));

  registerSiteRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerProductRoutes(app, ctx);
  registerGraphql(app, ctx);
  app.use('/api', usersRouter(ctx));
  app.use('/api/notes', notesRouter(ctx));
  app.use('/api/orders', ordersRouter(ctx));
  app.use('/api/admin', adminRouter(ctx));

  app.use(notFound);
  app.use(errorHandler(config, opts.log));
  return app;
}
