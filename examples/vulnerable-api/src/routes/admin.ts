import { Router, type NextFunction, type Request, type Response } from 'express';
import { currentUser, requireAdmin } from '../auth.js';
import { bodyObject, optionalString, type RouteContext } from '../context.js';
import type { UserRow } from '../db.js';
import { privateProfile, rawUser } from '../serializers.js';
import { displayNameProblem, emailProblem } from '../validation.js';

const ROLES = new Set(['user', 'admin']);

/** Lets through the account's owner or an admin. */
function requireOwnerOrAdmin(req: Request, res: Response, next: NextFunction): void {
  const me = currentUser(res);
  if (String(me.id) === req.params.id || me.role === 'admin') {
    next();
    return;
  }
  res.status(403).json({ error: 'not allowed' });
}

/** Account administration, mounted under /api/admin. */
export function adminRouter(ctx: RouteContext): Router {
  const { config, db, requireAuth } = ctx;
  const router = Router();
  const findUser = db.prepare('SELECT * FROM users WHERE id = ?');

  router.get('/users', requireAuth, requireAdmin, (_req: Request, res: Response) => {
    const rows = db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[];
    res.json({ users: config.secure ? rows.map(privateProfile) : rows.map(rawUser) });
  });

  const updateUser = (req: Request, res: Response): void => {
    const me = currentUser(res);
    const id = Number(req.params.id);
    const target = findUser.get(id) as UserRow | undefined;
    if (target === undefined) {
      res.status(404).json({ error: 'user not found' });
      return;
    }
    const body = bodyObject(req.body);
    const email = optionalString(body.email) ?? target.email;
    const displayName = optionalString(body.display_name) ?? target.display_name;
    if (config.secure) {
      const problem = emailProblem(db, email, id) ?? displayNameProblem(displayName);
      if (problem !== undefined) {
        res.status(problem.status).json({ error: problem.error });
        return;
      }
    }
    let role = target.role;
    if (body.role !== undefined) {
      if (config.secure) {
        if (me.role !== 'admin') {
          res.status(403).json({ error: 'only admins may change roles' });
          return;
        }
        if (typeof body.role !== 'string' || !ROLES.has(body.role)) {
          res.status(400).json({ error: 'role must be user or admin' });
          return;
        }
      }
      role = String(body.role);
    }
    db.prepare('UPDATE users SET email = ?, display_name = ?, role = ? WHERE id = ?').run(email, displayName, role, id);
    const updated = findUser.get(id) as UserRow;
    res.json(config.secure ? privateProfile(updated) : rawUser(updated));
  };

  if (config.secure) router.put('/users/:id', requireAuth, requireAdmin, updateUser);
  else router.put('/users/:id', requireAuth, requireOwnerOrAdmin, updateUser);

  return router;
}
