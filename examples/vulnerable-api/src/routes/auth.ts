import type { Express, Request, Response } from 'express';
import { issueToken } from '../auth.js';
import { bodyObject, optionalString, type RouteContext } from '../context.js';
import type { UserRow } from '../db.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../passwords.js';
import { privateProfile, rawUser } from '../serializers.js';
import { displayNameProblem, emailProblem } from '../validation.js';

export function registerAuthRoutes(app: Express, ctx: RouteContext): void {
  const { config, db, loginLimits } = ctx;
  const findByUsername = db.prepare('SELECT * FROM users WHERE username = ?');
  const findById = db.prepare('SELECT * FROM users WHERE id = ?');

  app.post('/api/auth/login', async (req: Request, res: Response) => {
    const body = bodyObject(req.body);
    const username = optionalString(body.username);
    const password = optionalString(body.password);
    if (username === undefined || password === undefined) {
      res.status(400).json({ error: 'username and password are required' });
      return;
    }

    if (config.secure) {
      const accountKey = 'user:' + username.toLowerCase();
      const ipKey = 'ip:' + (req.ip ?? 'unknown');
      const wait = Math.max(loginLimits.account.retryAfter(accountKey), loginLimits.ip.retryAfter(ipKey));
      if (wait > 0) {
        res.status(429).set('Retry-After', String(wait)).json({ error: 'too many failed attempts, try again later' });
        return;
      }
      const user = findByUsername.get(username) as UserRow | undefined;
      const ok = verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
      if (user === undefined || !ok) {
        loginLimits.account.recordFailure(accountKey);
        loginLimits.ip.recordFailure(ipKey);
        res.status(401).json({ error: 'invalid username or password' });
        return;
      }
      loginLimits.account.reset(accountKey);
      res.json({ token: await issueToken(config, user), user: privateProfile(user) });
      return;
    }

    // No attempt counting, and the two failure messages tell which usernames exist.
    const user = findByUsername.get(username) as UserRow | undefined;
    if (user === undefined) {
      res.status(401).json({ error: 'no such user' });
      return;
    }
    if (!verifyPassword(password, user.password_hash)) {
      res.status(401).json({ error: 'wrong password' });
      return;
    }
    res.json({ token: await issueToken(config, user), user: rawUser(user) });
  });

  app.post('/api/auth/register', async (req: Request, res: Response) => {
    const body = bodyObject(req.body);
    const username = optionalString(body.username);
    const email = optionalString(body.email);
    const password = optionalString(body.password);
    if (username === undefined || email === undefined || password === undefined) {
      res.status(400).json({ error: 'username, email and password are required' });
      return;
    }
    const insert = db.prepare('INSERT INTO users (username, email, display_name, role, password_hash) VALUES (?, ?, ?, ?, ?)');

    if (config.secure) {
      if (!/^[a-zA-Z0-9_.-]{3,32}$/.test(username) || password.length < 10 || password.length > 256) {
        res.status(400).json({ error: 'username must be 3-32 letters, digits or ._-, password 10-256 characters' });
        return;
      }
      const displayName = optionalString(body.display_name) ?? username;
      const taken = db.prepare('SELECT 1 FROM users WHERE username = ?').get(username) !== undefined;
      const problem = taken ? { status: 409, error: 'username or email already registered' } : (emailProblem(db, email) ?? displayNameProblem(displayName));
      if (problem !== undefined) {
        res.status(problem.status).json({ error: problem.status === 409 ? 'username or email already registered' : problem.error });
        return;
      }
      // Only the fields a new user may choose; the role is always 'user'.
      const info = insert.run(username, email, displayName, 'user', hashPassword(password));
      const user = findById.get(info.lastInsertRowid) as UserRow;
      res.status(201).json({ token: await issueToken(config, user), user: privateProfile(user) });
      return;
    }

    // Whatever the client sends overrides the defaults, including `role`.
    const account = { role: 'user', display_name: username, ...body } as Record<string, unknown>;
    const info = insert.run(account.username, account.email, account.display_name, account.role, hashPassword(password));
    const user = findById.get(info.lastInsertRowid) as UserRow;
    res.status(201).json({ token: await issueToken(config, user), user: rawUser(user) });
  });
}
