// SQL injection fixture endpoints on real databases. Vulnerable variants build SQL text from input:
//   error    - the database error is returned to the client
//   boolean  - errors are swallowed (an empty list), results are shown: only a true/false difference shows
//   time     - the answer is always the same ({"ok":true}): only a delay shows
// and the `secure` twin binds every value as a parameter. Every place is covered: path, query, header,
// cookie, nested JSON (an array inside an object), form and multipart.
import type { ServerResponse } from 'node:http';
import { App, json, type Req } from './http.js';
import type { Db, DbKind } from './databases.js';

export type SqlVariant = 'error' | 'boolean' | 'time' | 'secure';
export type SqlPlace = 'path' | 'query' | 'header' | 'cookie' | 'json' | 'form' | 'multipart';
export const SQL_PLACES: readonly SqlPlace[] = ['path', 'query', 'header', 'cookie', 'json', 'form', 'multipart'];

const COLS = 'SELECT id, name, category FROM products';

/** The category value each place carries; the path place carries a numeric id. */
function valueOf(place: SqlPlace, req: Req): string {
  switch (place) {
    case 'path':
      return req.params['id'] ?? '';
    case 'query':
      return req.query['category'] ?? '';
    case 'header':
      return String(req.headers['x-category'] ?? '');
    case 'cookie':
      return req.cookies['category'] ?? '';
    case 'json': {
      const f = (req.body['filter'] ?? {}) as { categories?: unknown[] };
      return String(f.categories?.[0] ?? '');
    }
    case 'form':
    case 'multipart':
      return String(req.body['category'] ?? '');
  }
}

async function run(db: Db, place: SqlPlace, variant: SqlVariant, v: string): Promise<Record<string, unknown>[]> {
  if (variant === 'secure') {
    return place === 'path'
      ? db.bound(`${COLS} WHERE id = ? ORDER BY id`, [v])
      : db.bound(`${COLS} WHERE category = ? ORDER BY id`, [v]);
  }
  return place === 'path' ? db.raw(`${COLS} WHERE id = ${v} ORDER BY id`) : db.raw(`${COLS} WHERE category = '${v}' ORDER BY id`);
}

function handler(db: Db, place: SqlPlace, variant: SqlVariant) {
  return async (req: Req, res: ServerResponse) => {
    const v = valueOf(place, req);
    try {
      const rows = await run(db, place, variant, v);
      if (variant === 'time') return json(res, 200, { ok: true });
      return json(res, 200, { items: rows.map((r) => ({ id: Number(r['id']), name: r['name'], category: r['category'] })) });
    } catch (e) {
      if (variant === 'error') return json(res, 500, { error: (e as Error).message });
      if (variant === 'time') return json(res, 200, { ok: true });
      if (variant === 'boolean') return json(res, 200, { items: [] });
      return json(res, 400, { error: 'bad request' });
    }
  };
}

/** Register `/sql/{db}/{variant}/{place}` routes (the path place is `/sql/{db}/{variant}/path/{id}`). */
export function addSqlRoutes(app: App, db: Db, variants: readonly SqlVariant[] = ['error', 'boolean', 'time', 'secure']): void {
  for (const variant of variants) {
    const base = `/sql/${db.kind}/${variant}`;
    app.on('GET', `${base}/path/{id}`, handler(db, 'path', variant));
    app.on('GET', `${base}/query`, handler(db, 'query', variant));
    app.on('GET', `${base}/header`, handler(db, 'header', variant));
    app.on('GET', `${base}/cookie`, handler(db, 'cookie', variant));
    app.on('POST', `${base}/json`, handler(db, 'json', variant));
    app.on('POST', `${base}/form`, handler(db, 'form', variant));
    app.on('POST', `${base}/multipart`, handler(db, 'multipart', variant));
  }
}

/** The base request (with example values) for one fixture endpoint, as the scan would build it. */
export function sqlBaseRequest(kind: DbKind, variant: SqlVariant, place: SqlPlace) {
  const pathTemplate = `/sql/${kind}/${variant}/${place === 'path' ? 'path/{id}' : place}`;
  const empty = { pathParams: {}, query: [], headers: {}, cookies: [] } as const;
  switch (place) {
    case 'path':
      return { ...empty, method: 'GET', pathTemplate, pathParams: { id: '3' } };
    case 'query':
      return { ...empty, method: 'GET', pathTemplate, query: [['category', 'books']] as const };
    case 'header':
      return { ...empty, method: 'GET', pathTemplate, headers: { 'x-category': 'books' } };
    case 'cookie':
      return { ...empty, method: 'GET', pathTemplate, cookies: [['category', 'books']] as const };
    case 'json':
      return { ...empty, method: 'POST', pathTemplate, body: { kind: 'json', value: { filter: { categories: ['books'] }, page: { size: 10 } } } as const };
    case 'form':
      return { ...empty, method: 'POST', pathTemplate, body: { kind: 'form', fields: [['category', 'books']] } as const };
    case 'multipart':
      return { ...empty, method: 'POST', pathTemplate, body: { kind: 'multipart', fields: [['category', 'books']] } as const };
  }
}
