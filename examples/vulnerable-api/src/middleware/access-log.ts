import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config.js';
import type { UserRow } from '../db.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `10/Oct/2000:13:55:36 +0000`, the Common Log Format time (always UTC here). */
function clfTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function quoted(value: string | undefined): string {
  return value === undefined ? '"-"' : `"${value.replace(/["\\]/g, (c) => '\\' + c).replace(/[\r\n]/g, ' ')}"`;
}

/**
 * Combined Log Format, one line per response, with the signed-in username as the user field.
 * The vulnerable mode also appends the raw Authorization header, so bearer tokens end up in logs.
 */
export function accessLog(config: AppConfig, write: (line: string) => void, now: () => Date = () => new Date()) {
  return function logRequest(req: Request, res: Response, next: NextFunction): void {
    const started = now();
    res.on('finish', () => {
      const user = (res.locals.user as UserRow | undefined)?.username ?? '-';
      const length = res.get('content-length') ?? '-';
      let line = `${req.ip ?? '-'} - ${user} [${clfTime(started)}] ${quoted(`${req.method} ${req.originalUrl} HTTP/${req.httpVersion}`)} ${res.statusCode} ${length} ${quoted(req.get('referer'))} ${quoted(req.get('user-agent'))}`;
      if (!config.secure) line += ` ${quoted(req.get('authorization'))}`;
      write(line);
    });
    next();
  };
}
