import { Router, type Request, type Response } from 'express';
import { currentUser } from '../auth.js';
import { bodyObject, optionalString, type RouteContext } from '../context.js';

interface OrderRow {
  id: number;
  user_id: number;
  product_id: number;
  quantity: number;
  total_cents: number;
  status: string;
  shipping_address: string;
  payment_ref: string;
}

function toJson(order: OrderRow) {
  return {
    id: order.id,
    user_id: order.user_id,
    product_id: order.product_id,
    quantity: order.quantity,
    total_cents: order.total_cents,
    status: order.status,
    shipping_address: order.shipping_address,
    payment_ref: order.payment_ref,
  };
}

/** Orders, mounted under /api/orders. */
export function ordersRouter(ctx: RouteContext): Router {
  const { config, db, requireAuth, payments } = ctx;
  const router = Router();

  router.get('/', requireAuth, (_req: Request, res: Response) => {
    const me = currentUser(res);
    const rows = db.prepare('SELECT * FROM orders WHERE user_id = ? ORDER BY id').all(me.id) as OrderRow[];
    res.json({ orders: rows.map(toJson) });
  });

  router.post('/', requireAuth, (req: Request, res: Response) => {
    const me = currentUser(res);
    const body = bodyObject(req.body);
    const productId = Number(body.product_id);
    const quantity = Number(body.quantity ?? 1);
    const address = optionalString(body.shipping_address);
    if (!Number.isInteger(productId) || !Number.isInteger(quantity) || quantity < 1 || quantity > 100 || address === undefined) {
      res.status(400).json({ error: 'product_id, quantity (1-100) and shipping_address are required' });
      return;
    }
    const product = db.prepare('SELECT price_cents FROM products WHERE id = ?').get(productId) as { price_cents: number } | undefined;
    if (product === undefined) {
      res.status(404).json({ error: 'product not found' });
      return;
    }
    const total = product.price_cents * quantity;
    const paymentRef = payments.charge(total, `order for user ${me.id}`);
    const info = db
      .prepare('INSERT INTO orders (user_id, product_id, quantity, total_cents, status, shipping_address, payment_ref) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(me.id, productId, quantity, total, 'processing', address, paymentRef);
    const order = db.prepare('SELECT * FROM orders WHERE id = ?').get(info.lastInsertRowid) as OrderRow;
    res.status(201).json(toJson(order));
  });

  router.get('/:id', requireAuth, (req: Request, res: Response) => {
    const me = currentUser(res);
    const order = db.prepare('SELECT * FROM orders WHERE id = ?').get(Number(req.params.id)) as OrderRow | undefined;
    if (order === undefined || (config.secure && order.user_id !== me.id && me.role !== 'admin')) {
      res.status(404).json({ error: 'order not found' });
      return;
    }
    res.json(toJson(order));
  });

  return router;
}
