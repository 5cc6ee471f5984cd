import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config.js';

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
  message?: string;
  stack?: string;
}

export function notFound(_req: Request, res: Response): void {
  res.status(404).json({ error: 'no such route' });
}

/** `log` receives one line per unexpected error in secure mode (the standalone runner passes console.error). */
export function errorHandler(config: AppConfig, log: (line: string) => void = () => {}) {
  // Express recognises error handlers by their four parameters.
  return function handleError(err: unknown, req: Request, res: Response, _next: NextFunction): void {
    const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as HttpishError;
    if (!config.secure) {
      // Debug output left on in production: message, driver error code and the full stack.
      res.status(500).json({ error: e.message ?? 'error', code: e.code, stack: e.stack });
      return;
    }
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'request body is not valid JSON' });
      return;
    }
    const status = e.status ?? e.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      res.status(status).json({ error: 'bad request' });
      return;
    }
    log(`[example-api] ${req.method} ${req.path}: ${e.message ?? 'error'}`);
    res.status(500).json({ error: 'internal error' });
  };
}
