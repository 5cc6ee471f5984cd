import { Router, type Request, type Response } from 'express';
import { currentUser } from '../auth.js';
import { bodyObject, optionalString, type RouteContext } from '../context.js';
import type { UserRow } from '../db.js';
import { privateProfile, publicProfile, rawUser } from '../serializers.js';
import { displayNameProblem, emailProblem } from '../validation.js';

// Request fields that map onto users columns.
const PROFILE_COLUMNS: Record<string, string> = { email: 'email', display_name: 'display_name', role: 'role' };

/** User directory and profiles, mounted under /api. */
export function usersRouter(ctx: RouteContext): Router {
  const { config, db, requireAuth } = ctx;
  const router = Router();
  const findUser = db.prepare('SELECT * FROM users WHERE id = ?');

  if (config.secure) {
    router.get('/users', requireAuth, (_req: Request, res: Response) => {
      const rows = db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[];
      res.json({ users: rows.map(publicProfile) });
    });
  } else {
    // Anyone, signed in or not, gets every account with its email and password hash.
    router.get('/users', (_req: Request, res: Response) => {
      const rows = db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[];
      res.json({ users: rows.map(rawUser) });
    });
  }

  router.get('/users/me', requireAuth, (_req: Request, res: Response) => {
    const me = currentUser(res);
    res.json(config.secure ? privateProfile(me) : rawUser(me));
  });

  router.patch('/users/me', requireAuth, (req: Request, res: Response) => {
    const me = currentUser(res);
    const body = bodyObject(req.body);
    let changes: Record<string, unknown>;
    if (config.secure) {
      const email = optionalString(body.email);
      const displayName = optionalString(body.display_name);
      const problem = (email === undefined ? undefined : emailProblem(db, email, me.id)) ?? (displayName === undefined ? undefined : displayNameProblem(displayName));
      if (problem !== undefined) {
        res.status(problem.status).json({ error: problem.error });
        return;
      }
      changes = { email, display_name: displayName };
    } else {
      changes = { ...body };
    }
    const columns: string[] = [];
    const values: unknown[] = [];
    for (const [field, value] of Object.entries(changes)) {
      const column = PROFILE_COLUMNS[field];
      if (column === undefined || value === undefined) continue;
      columns.push(`${column} = ?`);
      values.push(value);
    }
    if (columns.length > 0) db.prepare(`UPDATE users SET ${columns.join(', ')} WHERE id = ?`).run(...values, me.id);
    const updated = findUser.get(me.id) as UserRow;
    res.json(config.secure ? privateProfile(updated) : rawUser(updated));
  });

  router.get('/users/:id', requireAuth, (req: Request, res: Response) => {
    const me = currentUser(res);
    const id = Number(req.params.id);
    if (config.secure) {
      if (!Number.isInteger(id)) {
        res.status(400).json({ error: 'id must be an integer' });
        return;
      }
      if (me.id !== id && me.role !== 'admin') {
        res.status(403).json({ error: 'you may only read your own profile' });
        return;
      }
    }
    const user = findUser.get(id) as UserRow | undefined;
    if (user === undefined) {
      res.status(404).json({ error: 'user not found' });
      return;
    }
    res.json(config.secure ? privateProfile(user) : rawUser(user));
  });

  return router;
}
