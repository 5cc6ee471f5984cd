// Generates a corpus of realistic Express (JavaScript) and Flask (Python) services for the code
// throughput benchmark: apps with routers/blueprints in separate files, services called across
// files, auth middleware and decorators, parameterised queries, and a sprinkling of flaws.
//   node bench/code-throughput/generate.mjs OUT_DIR [--lines 320000]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) throw new Error('usage: generate.mjs OUT_DIR [--lines N]');
const li = process.argv.indexOf('--lines');
const target = li > 0 ? Number(process.argv[li + 1]) : 320_000;
const RES = ['user', 'order', 'invoice', 'product', 'cart', 'payment', 'note', 'ticket', 'comment', 'post', 'address', 'wallet', 'booking', 'review', 'coupon', 'shipment', 'message', 'document', 'project', 'team'];
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (a) => a[Math.floor(rnd() * a.length)];

function jsRoutes(r) {
  const R = r[0].toUpperCase() + r.slice(1);
  const lines = [];
  lines.push(`const express = require('express');`, `const { requireAuth, requireRole } = require('../middleware/auth');`, `const ${r}Service = require('../services/${r}');`, `const { validate${R} } = require('../lib/validate');`, `const db = require('../lib/db');`, ``, `const router = express.Router();`, ``);
  lines.push(`router.get('/', requireAuth, async (req, res, next) => {`, `  try {`, `    const page = parseInt(req.query.page || '1', 10);`, `    const size = Math.min(parseInt(req.query.size || '20', 10), 100);`, `    const rows = await ${r}Service.list${R}s(req.user.id, page, size);`, `    res.json({ items: rows, page, size });`, `  } catch (err) {`, `    next(err);`, `  }`, `});`, ``);
  lines.push(`router.get('/:id', requireAuth, async (req, res, next) => {`, `  try {`, `    const item = await ${r}Service.get${R}(req.params.id);`, `    if (!item) return res.status(404).json({ error: 'not found' });`, `    if (item.ownerId !== req.user.id && req.user.role !== 'admin') return res.status(403).end();`, `    res.json(item);`, `  } catch (err) {`, `    next(err);`, `  }`, `});`, ``);
  lines.push(`router.post('/', requireAuth, async (req, res, next) => {`, `  try {`, `    const input = validate${R}(req.body);`, `    if (input.error) return res.status(400).json({ error: input.error.message });`, `    const created = await ${r}Service.create${R}(req.user.id, input.value);`, `    res.status(201).json(created);`, `  } catch (err) {`, `    next(err);`, `  }`, `});`, ``);
  lines.push(`router.put('/:id', requireAuth, async (req, res, next) => {`, `  try {`, `    const existing = await ${r}Service.get${R}(req.params.id);`, `    if (!existing || existing.ownerId !== req.user.id) return res.status(404).end();`, `    const { title, description, status } = req.body;`, `    const updated = await ${r}Service.update${R}(existing.id, { title, description, status });`, `    res.json(updated);`, `  } catch (err) {`, `    next(err);`, `  }`, `});`, ``);
  lines.push(`router.delete('/:id', requireAuth, requireRole('admin'), async (req, res, next) => {`, `  try {`, `    await db.query('DELETE FROM ${r}s WHERE id = $1', [req.params.id]);`, `    res.status(204).end();`, `  } catch (err) {`, `    next(err);`, `  }`, `});`, ``);
  lines.push(`router.get('/search/text', requireAuth, async (req, res) => {`, `  const term = String(req.query.q || '').trim();`, `  const sort = req.query.sort === 'asc' ? 'ASC' : 'DESC';`, `  const rows = await ${r}Service.search${R}s(term, sort);`, `  res.json(rows.map((row) => ({ id: row.id, title: row.title })));`, `});`, ``);
  if (rnd() < 0.3) lines.push(`router.get('/export/raw', requireAuth, async (req, res) => {`, `  const rows = await ${r}Service.rawFilter(req.query.filter);`, `  res.json(rows);`, `});`, ``);
  if (rnd() < 0.2) lines.push(`router.get('/preview/html', (req, res) => {`, `  const title = req.query.title;`, `  res.send('<h1>' + title + '</h1>');`, `});`, ``);
  for (let i = 0; i < 4; i++) {
    const field = pick(['status', 'priority', 'category', 'label', 'region']);
    lines.push(`router.get('/by-${field}/${i}', requireAuth, async (req, res) => {`, `  const value = req.query.${field};`, `  const allowed = ['open', 'closed', 'pending', 'archived'];`, `  if (!allowed.includes(value)) return res.status(400).json({ error: 'bad ${field}' });`, `  const rows = await db.query('SELECT * FROM ${r}s WHERE ${field} = $1 AND owner_id = $2 LIMIT 50', [value, req.user.id]);`, `  const items = rows.map((row) => ({ id: row.id, ${field}: row.${field}, createdAt: row.created_at }));`, `  res.json({ items, count: items.length });`, `});`, ``);
  }
  lines.push(`module.exports = router;`, ``);
  return lines.join('\n');
}

function jsService(r) {
  const R = r[0].toUpperCase() + r.slice(1);
  return [
    `const db = require('../lib/db');`, `const { buildWhere } = require('../lib/sql');`, ``,
    `async function list${R}s(ownerId, page, size) {`, `  const offset = (page - 1) * size;`, `  return db.query('SELECT * FROM ${r}s WHERE owner_id = $1 ORDER BY id LIMIT $2 OFFSET $3', [ownerId, size, offset]);`, `}`, ``,
    `async function get${R}(id) {`, `  const rows = await db.query('SELECT * FROM ${r}s WHERE id = $1', [Number(id)]);`, `  return rows[0] ? normalise(rows[0]) : null;`, `}`, ``,
    `async function create${R}(ownerId, input) {`, `  const rows = await db.query('INSERT INTO ${r}s (owner_id, title, description) VALUES ($1, $2, $3) RETURNING *', [ownerId, input.title, input.description]);`, `  return normalise(rows[0]);`, `}`, ``,
    `async function update${R}(id, changes) {`, `  const rows = await db.query('UPDATE ${r}s SET title = $1, description = $2, status = $3 WHERE id = $4 RETURNING *', [changes.title, changes.description, changes.status, id]);`, `  return normalise(rows[0]);`, `}`, ``,
    `async function search${R}s(term, sort) {`, `  const like = '%' + term.replace(/[%_]/g, '') + '%';`, `  return db.query('SELECT id, title FROM ${r}s WHERE title ILIKE $1 ORDER BY created_at ' + sort, [like]);`, `}`, ``,
    `async function rawFilter(filter) {`, `  const where = buildWhere(filter);`, `  return db.query('SELECT * FROM ${r}s WHERE ' + where);`, `}`, ``,
    `function normalise(row) {`, `  return {`, `    id: row.id,`, `    ownerId: row.owner_id,`, `    title: row.title,`, `    description: row.description || '',`, `    status: row.status || 'open',`, `    createdAt: row.created_at,`, `  };`, `}`, ``,
    `module.exports = { list${R}s, get${R}, create${R}, update${R}, search${R}s, rawFilter };`, ``,
  ].join('\n');
}

function jsApp(resources) {
  return [
    `const express = require('express');`, `const helmet = require('helmet');`, `const rateLimit = require('express-rate-limit');`, `const { requireAuth } = require('./middleware/auth');`,
    ...resources.map((r) => `const ${r}Router = require('./routes/${r}');`), ``,
    `const app = express();`, `app.use(helmet());`, `app.use(express.json({ limit: '100kb' }));`, `const loginLimiter = rateLimit({ windowMs: 60000, limit: 10 });`, ``,
    ...resources.map((r) => `app.use('/api/${r}s', ${r}Router);`), ``,
    `app.post('/api/login', loginLimiter, async (req, res) => {`, `  const { username, password } = req.body;`, `  const ok = await checkPassword(String(username), String(password));`, `  if (!ok) return res.status(401).json({ error: 'invalid credentials' });`, `  res.json({ token: ok.token });`, `});`, ``,
    `app.use((err, req, res, next) => {`, `  res.status(500).json({ error: 'internal error' });`, `});`, ``, `module.exports = app;`, ``,
  ].join('\n');
}

const JS_LIB = {
  'middleware/auth.js': `const jwt = require('jsonwebtoken');\n\nfunction requireAuth(req, res, next) {\n  const header = req.headers.authorization || '';\n  try {\n    req.user = jwt.verify(header.replace('Bearer ', ''), process.env.JWT_SECRET, { algorithms: ['HS256'] });\n    next();\n  } catch (err) {\n    res.status(401).json({ error: 'unauthorized' });\n  }\n}\n\nfunction requireRole(role) {\n  return (req, res, next) => (req.user && req.user.role === role ? next() : res.status(403).end());\n}\n\nmodule.exports = { requireAuth, requireRole };\n`,
  'lib/db.js': `const { Pool } = require('pg');\n\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\n\nasync function query(text, params) {\n  const res = await pool.query(text, params);\n  return res.rows;\n}\n\nmodule.exports = { query };\n`,
  'lib/sql.js': `function buildWhere(filter) {\n  return "status = '" + filter + "'";\n}\n\nmodule.exports = { buildWhere };\n`,
  'lib/validate.js': RES.map((r) => `function validate${r[0].toUpperCase() + r.slice(1)}(body) {\n  if (!body || typeof body.title !== 'string') return { error: new Error('title required') };\n  return { value: { title: body.title.slice(0, 200), description: String(body.description || '') } };\n}\n`).join('\n') + `\nmodule.exports = { ${RES.map((r) => `validate${r[0].toUpperCase() + r.slice(1)}`).join(', ')} };\n`,
};

function pyBlueprint(r) {
  const lines = [
    `from flask import Blueprint, abort, jsonify, request`, `from flask_login import current_user, login_required`, ``, `from ..db import get_cursor`, `from ..services import ${r} as ${r}_service`, ``, `bp = Blueprint("${r}s", __name__)`, ``, ``,
    `@bp.route("/")`, `@login_required`, `def list_${r}s():`, `    page = int(request.args.get("page", 1))`, `    size = min(int(request.args.get("size", 20)), 100)`, `    rows = ${r}_service.list_${r}s(current_user.id, page, size)`, `    return jsonify({"items": rows, "page": page})`, ``, ``,
    `@bp.route("/<int:item_id>")`, `@login_required`, `def get_${r}(item_id):`, `    item = ${r}_service.get_${r}(item_id)`, `    if item is None:`, `        abort(404)`, `    if item["owner_id"] != current_user.id:`, `        abort(403)`, `    return jsonify(item)`, ``, ``,
    `@bp.route("/", methods=["POST"])`, `@login_required`, `def create_${r}():`, `    data = request.get_json() or {}`, `    title = str(data.get("title", ""))[:200]`, `    description = str(data.get("description", ""))`, `    created = ${r}_service.create_${r}(current_user.id, title, description)`, `    return jsonify(created), 201`, ``, ``,
    `@bp.route("/search")`, `@login_required`, `def search_${r}s():`, `    term = request.args.get("q", "")`, `    rows = ${r}_service.search_${r}s(term)`, `    return jsonify([{"id": r["id"], "title": r["title"]} for r in rows])`, ``, ``,
  ];
  if (rnd() < 0.3) lines.push(`@bp.route("/raw")`, `@login_required`, `def raw_${r}s():`, `    cur = get_cursor()`, `    cur.execute("SELECT * FROM ${r}s WHERE status = '%s'" % request.args.get("status"))`, `    return jsonify(cur.fetchall())`, ``, ``);
  for (let i = 0; i < 4; i++) {
    const field = pick(['status', 'priority', 'category', 'label', 'region']);
    lines.push(`@bp.route("/by-${field}/${i}")`, `@login_required`, `def by_${field}_${i}():`, `    value = request.args.get("${field}")`, `    if value not in ("open", "closed", "pending", "archived"):`, `        abort(400)`, `    cur = get_cursor()`, `    cur.execute("SELECT * FROM ${r}s WHERE ${field} = %s AND owner_id = %s LIMIT 50", (value, current_user.id))`, `    items = [{"id": row[0], "${field}": row[1]} for row in cur.fetchall()]`, `    return jsonify({"items": items, "count": len(items)})`, ``, ``);
  }
  return lines.join('\n');
}

function pyService(r) {
  return [
    `from ..db import get_cursor`, ``, ``,
    `def list_${r}s(owner_id, page, size):`, `    cur = get_cursor()`, `    cur.execute("SELECT * FROM ${r}s WHERE owner_id = %s ORDER BY id LIMIT %s OFFSET %s", (owner_id, size, (page - 1) * size))`, `    return [normalise(row) for row in cur.fetchall()]`, ``, ``,
    `def get_${r}(item_id):`, `    cur = get_cursor()`, `    cur.execute("SELECT * FROM ${r}s WHERE id = %s", (item_id,))`, `    row = cur.fetchone()`, `    return normalise(row) if row else None`, ``, ``,
    `def create_${r}(owner_id, title, description):`, `    cur = get_cursor()`, `    cur.execute("INSERT INTO ${r}s (owner_id, title, description) VALUES (%s, %s, %s) RETURNING *", (owner_id, title, description))`, `    return normalise(cur.fetchone())`, ``, ``,
    `def search_${r}s(term):`, `    cur = get_cursor()`, `    like = "%" + term.replace("%", "") + "%"`, `    cur.execute("SELECT id, title FROM ${r}s WHERE title ILIKE %s", (like,))`, `    return [normalise(row) for row in cur.fetchall()]`, ``, ``,
    `def normalise(row):`, `    return {`, `        "id": row[0],`, `        "owner_id": row[1],`, `        "title": row[2],`, `        "description": row[3] or "",`, `        "status": row[4] or "open",`, `    }`, ``,
  ].join('\n');
}

function pyApp(resources) {
  return [
    `from flask import Flask`, `from flask_talisman import Talisman`, ``, ...resources.map((r) => `from .views.${r} import bp as ${r}_bp`), ``,
    `app = Flask(__name__)`, `Talisman(app)`, ...resources.map((r) => `app.register_blueprint(${r}_bp, url_prefix="/api/${r}s")`), ``,
  ].join('\n');
}

let total = 0;
let app = 0;
const write = (path, text) => { mkdirSync(join(path, '..'), { recursive: true }); writeFileSync(path, text); total += text.split('\n').length; };
while (total < target) {
  const resources = RES.slice(0, 12 + (app % 8));
  const jsDir = join(out, 'js', `service-${app}`);
  for (const [p, t] of Object.entries(JS_LIB)) write(join(jsDir, p), t);
  for (const r of resources) { write(join(jsDir, "routes", `${r}.js`), jsRoutes(r)); write(join(jsDir, 'services', `${r}.js`), jsService(r)); }
  write(join(jsDir, 'app.js'), jsApp(resources));
  const pyDir = join(out, 'py', `service_${app}`, 'app');
  write(join(pyDir, '__init__.py'), pyApp(resources));
  write(join(pyDir, 'db.py'), `import sqlite3\n\n\ndef get_cursor():\n    return sqlite3.connect("app.db").cursor()\n`);
  write(join(pyDir, 'views', '__init__.py'), '\n');
  write(join(pyDir, 'services', '__init__.py'), '\n');
  for (const r of resources) { write(join(pyDir, 'views', `${r}.py`), pyBlueprint(r)); write(join(pyDir, 'services', `${r}.py`), pyService(r)); }
  app++;
}
console.log(JSON.stringify({ lines: total, apps: app }));
