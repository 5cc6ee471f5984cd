// Real databases for the SQL injection fixtures: SQLite (better-sqlite3), PostgreSQL (pg) and MariaDB
// (mysql2), each in its own freshly created database named rampart_inj_<random>, dropped on close.
import Database from 'better-sqlite3';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';

export type DbKind = 'sqlite' | 'postgres' | 'mariadb';

export interface Db {
  readonly kind: DbKind;
  /** Run SQL text as is (the vulnerable way). */
  raw(sql: string): Promise<Record<string, unknown>[]>;
  /** Run SQL with `?` placeholders bound to values (the fixed way). */
  bound(sql: string, args: readonly unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const SEED = [
  [1, 'Pencil', 'office'],
  [2, 'Stapler', 'office'],
  [3, 'Novel', 'books'],
  [4, 'Atlas', 'books'],
  [5, 'Kettle', 'kitchen'],
] as const;

const CREATE = 'CREATE TABLE products (id INTEGER PRIMARY KEY, name VARCHAR(64) NOT NULL, category VARCHAR(64) NOT NULL)';

export async function openDb(kind: DbKind): Promise<Db> {
  const dbName = `rampart_inj_${randomBytes(5).toString('hex')}`;
  if (kind === 'sqlite') {
    const db = new Database(':memory:');
    db.exec(CREATE);
    const ins = db.prepare('INSERT INTO products (id, name, category) VALUES (?, ?, ?)');
    for (const r of SEED) ins.run(...r);
    return {
      kind,
      raw: async (sql) => db.prepare(sql).all() as Record<string, unknown>[],
      bound: async (sql, args) => db.prepare(sql).all(...(args as unknown[])) as Record<string, unknown>[],
      close: async () => {
        db.close();
      },
    };
  }
  if (kind === 'postgres') {
    const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: dbName, max: 4 });
    // A delay probe may still be sleeping in a backend when the database is dropped WITH (FORCE):
    // the terminated connection reports an error that must not become an uncaught exception.
    pool.on('error', () => {});
    await pool.query(CREATE);
    for (const r of SEED) await pool.query('INSERT INTO products (id, name, category) VALUES ($1, $2, $3)', [...r]);
    return {
      kind,
      raw: async (sql) => (await pool.query(sql)).rows as Record<string, unknown>[],
      bound: async (sql, args) => {
        let i = 0;
        return (await pool.query(sql.replace(/\?/g, () => `$${++i}`), [...args])).rows as Record<string, unknown>[];
      },
      close: async () => {
        await pool.end().catch(() => {});
        const a = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const pool = mysql.createPool({ host: '127.0.0.1', port: 3306, user: 'root', database: dbName, connectionLimit: 4 });
  await pool.query(CREATE);
  for (const r of SEED) await pool.query('INSERT INTO products (id, name, category) VALUES (?, ?, ?)', [...r]);
  return {
    kind,
    raw: async (sql) => (await pool.query(sql))[0] as Record<string, unknown>[],
    bound: async (sql, args) => (await pool.execute(sql, [...args] as (string | number)[]))[0] as Record<string, unknown>[],
    close: async () => {
      await pool.end();
      const a = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
      await a.query(`DROP DATABASE IF EXISTS ${dbName}`);
      await a.end();
    },
  };
}
