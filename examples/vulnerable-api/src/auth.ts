import type { NextFunction, Request, Response } from 'express';
import { SignJWT, compactVerify, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { AppConfig } from './config.js';
import type { Db, UserRow } from './db.js';

const ISSUER = 'example-api';
const AUDIENCE = 'example-api-clients';

export interface AuthContext {
  readonly config: AppConfig;
  readonly db: Db;
}

export async function issueToken(config: AppConfig, user: Pick<UserRow, 'id' | 'username' | 'role'>): Promise<string> {
  return new SignJWT({ username: user.username, role: user.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(user.id))
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(config.tokenTtl)
    .sign(config.jwtSecret);
}

/** The user the request is authenticated as; only valid after `requireAuth`. */
export function currentUser(res: Response): UserRow {
  const user = res.locals.user as UserRow | undefined;
  if (user === undefined) throw new Error('currentUser() used on a route without requireAuth');
  return user;
}

function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/**
 * Hand-rolled check used by the vulnerable mode: unsigned (`alg: none`) tokens are trusted, and
 * only the signature is checked, never the expiry, issuer or audience.
 */
async function verifyTokenLoosely(token: string, secret: Uint8Array): Promise<JWTPayload> {
  const header = decodeProtectedHeader(token);
  if (String(header.alg).toLowerCase() === 'none') return decodeJwt(token);
  await compactVerify(token, secret);
  return decodeJwt(token);
}

async function verifyToken(config: AppConfig, token: string): Promise<JWTPayload> {
  if (!config.secure) return verifyTokenLoosely(token, config.jwtSecret);
  const { payload } = await jwtVerify(token, config.jwtSecret, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
  return payload;
}

/** Verifies the bearer token and loads the user it names into `res.locals.user`. */
export function makeRequireAuth(ctx: AuthContext) {
  const findUser = ctx.db.prepare('SELECT * FROM users WHERE id = ?');
  return async function requireAuth(req: Request, res: Response, next: NextFunction): Promise<void> {
    const token = bearerToken(req);
    if (token === undefined) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'authentication required' });
      return;
    }
    try {
      const payload = await verifyToken(ctx.config, token);
      const user = findUser.get(Number(payload.sub)) as UserRow | undefined;
      if (user === undefined) {
        res.status(401).json({ error: 'unknown user' });
        return;
      }
      res.locals.user = user;
      next();
    } catch {
      res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').json({ error: 'invalid or expired token' });
    }
  };
}

export function requireAdmin(_req: Request, res: Response, next: NextFunction): void {
  if (currentUser(res).role !== 'admin') {
    res.status(403).json({ error: 'admin role required' });
    return;
  }
  next();
}
