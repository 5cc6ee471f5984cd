import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config.js';

const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type';

export function cors(config: AppConfig) {
  return function corsMiddleware(req: Request, res: Response, next: NextFunction): void {
    const origin = req.get('origin');
    if (origin !== undefined) {
      if (config.secure) {
        if (config.allowedOrigins.includes(origin)) {
          res.set('Access-Control-Allow-Origin', origin);
          res.set('Access-Control-Allow-Credentials', 'true');
        }
        res.vary('Origin');
      } else {
        // Trusts whoever asks: any site can read authenticated responses.
        res.set('Access-Control-Allow-Origin', origin);
        res.set('Access-Control-Allow-Credentials', 'true');
      }
    }
    if (req.method === 'OPTIONS') {
      if (res.get('Access-Control-Allow-Origin') !== undefined) {
        res.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
        res.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.set('Access-Control-Max-Age', '600');
      }
      res.status(204).end();
      return;
    }
    next();
  };
}
