import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config.js';

export function securityHeaders(config: AppConfig) {
  return function headers(req: Request, res: Response, next: NextFunction): void {
    if (!config.secure) {
      res.set('Server', 'ExampleAPI/0.9.1 (Node.js ' + process.version + '; Express 5)');
      next();
      return;
    }
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('X-Frame-Options', 'DENY');
    res.set('Content-Security-Policy', "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    res.set('Referrer-Policy', 'no-referrer');
    res.set('Cross-Origin-Resource-Policy', 'same-origin');
    if (req.path.startsWith('/api/')) res.set('Cache-Control', 'no-store');
    next();
  };
}
