import type { Express, Request, Response } from 'express';
import type { RouteContext } from '../context.js';

interface ProductRow {
  id: number;
  name: string;
  description: string;
  price_cents: number;
  stock: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Public catalogue: listing, product detail and search. */
export function registerProductRoutes(app: Express, ctx: RouteContext): void {
  const { config, db } = ctx;

  app.get('/api/products', (req: Request, res: Response) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 20) || 20, 1), 100);
    const rows = db.prepare('SELECT id, name, description, price_cents, stock FROM products ORDER BY id LIMIT ?').all(limit);
    res.json({ products: rows });
  });

  app.get('/api/products/:id', (req: Request, res: Response) => {
    let product: ProductRow | undefined;
    if (config.secure) {
      const id = Number(req.params.id);
      if (!Number.isInteger(id) || id < 1) {
        res.status(400).json({ error: 'id must be a positive integer' });
        return;
      }
      product = db.prepare('SELECT id, name, description, price_cents, stock FROM products WHERE id = ?').get(id) as ProductRow | undefined;
    } else {
      const sql = 'SELECT id, name, description, price_cents, stock FROM products WHERE id = ' + req.params.id;
      product = db.prepare(sql).get() as ProductRow | undefined;
    }
    if (product === undefined) {
      res.status(404).json({ error: 'product not found' });
      return;
    }
    res.json(product);
  });

  app.get('/api/search', (req: Request, res: Response) => {
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const rows = db
      .prepare("SELECT id, name, price_cents FROM products WHERE name LIKE ? ESCAPE '\\' ORDER BY id")
      .all('%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%') as Pick<ProductRow, 'id' | 'name' | 'price_cents'>[];
    if (config.secure) {
      res.json({ query: q, results: rows });
      return;
    }
    // The query goes into the page as it came.
    const items = rows.map((r) => `<li><a href="/api/products/${r.id}">${escapeHtml(r.name)}</a></li>`).join('');
    res.type('html').send(`<!doctype html><html><head><title>Search</title></head><body><h1>Results for ${q}</h1><ul>${items}</ul></body></html>`);
  });
}
