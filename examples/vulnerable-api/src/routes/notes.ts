import { Router, type Request, type Response } from 'express';
import { currentUser } from '../auth.js';
import { bodyObject, optionalString, type RouteContext } from '../context.js';

interface NoteRow {
  id: number;
  owner_id: number;
  title: string;
  body: string;
  created_at: string;
}

function toJson(note: NoteRow) {
  return { id: note.id, owner_id: note.owner_id, title: note.title, body: note.body, created_at: note.created_at };
}

/** Private notes, mounted under /api/notes. */
export function notesRouter(ctx: RouteContext): Router {
  const { config, db, requireAuth } = ctx;
  const router = Router();
  router.use(requireAuth);

  router.get('/', (_req: Request, res: Response) => {
    const me = currentUser(res);
    const rows = db.prepare('SELECT * FROM notes WHERE owner_id = ? ORDER BY id').all(me.id) as NoteRow[];
    res.json({ notes: rows.map(toJson) });
  });

  router.post('/', (req: Request, res: Response) => {
    const me = currentUser(res);
    const body = bodyObject(req.body);
    const title = optionalString(body.title);
    const text = optionalString(body.body) ?? '';
    if (title === undefined || title.length === 0) {
      res.status(400).json({ error: 'title is required' });
      return;
    }
    const info = db.prepare('INSERT INTO notes (owner_id, title, body) VALUES (?, ?, ?)').run(me.id, title, text);
    const note = db.prepare('SELECT * FROM notes WHERE id = ?').get(info.lastInsertRowid) as NoteRow;
    res.status(201).json(toJson(note));
  });

  router.get('/:id', (req: Request, res: Response) => {
    const me = currentUser(res);
    const note = config.secure
      ? (db.prepare('SELECT * FROM notes WHERE id = ? AND owner_id = ?').get(Number(req.params.id), me.id) as NoteRow | undefined)
      : (db.prepare('SELECT * FROM notes WHERE id = ?').get(Number(req.params.id)) as NoteRow | undefined);
    if (note === undefined) {
      res.status(404).json({ error: 'note not found' });
      return;
    }
    res.json(toJson(note));
  });

  return router;
}
