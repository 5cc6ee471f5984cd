import Database from 'better-sqlite3';
import { hashPassword } from './passwords.js';

export type Db = Database.Database;

export interface UserRow {
  id: number;
  username: string;
  email: string;
  display_name: string;
  role: string;
  password_hash: string;
  created_at: string;
}

/** The seeded accounts: two regular users and an admin. */
export const SEEDED_USERS = {
  alice: { username: 'alice', password: 'Wonderland-2024!' },
  bob: { username: 'bob', password: 'Builder#Bob-77' },
  admin: { username: 'admin', password: 'Adm1n-Rampart-Example' },
} as const;

const SCHEMA = `
DROP TABLE IF EXISTS orders;
DROP TABLE IF EXISTS notes;
DROP TABLE IF EXISTS products;
DROP TABLE IF EXISTS users;
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'user',
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  price_cents INTEGER NOT NULL,
  stock INTEGER NOT NULL
);
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  quantity INTEGER NOT NULL,
  total_cents INTEGER NOT NULL,
  status TEXT NOT NULL,
  shipping_address TEXT NOT NULL,
  payment_ref TEXT NOT NULL
);
`;

/** Opens (or creates) the database and seeds it from scratch: every start sees the same data. */
export function openDatabase(path = ':memory:'): Db {
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  seed(db);
  return db;
}

// scrypt is slow on purpose; hash the seeded passwords once per process, not on every start.
let seededHashes: Record<keyof typeof SEEDED_USERS, string> | undefined;

function seedHashes(): Record<keyof typeof SEEDED_USERS, string> {
  seededHashes ??= {
    admin: hashPassword(SEEDED_USERS.admin.password),
    alice: hashPassword(SEEDED_USERS.alice.password),
    bob: hashPassword(SEEDED_USERS.bob.password),
  };
  return seededHashes;
}

function seed(db: Db): void {
  const hashes = seedHashes();
  const addUser = db.prepare('INSERT INTO users (id, username, email, display_name, role, password_hash) VALUES (?, ?, ?, ?, ?, ?)');
  const addProduct = db.prepare('INSERT INTO products (id, name, description, price_cents, stock) VALUES (?, ?, ?, ?, ?)');
  const addNote = db.prepare('INSERT INTO notes (id, owner_id, title, body) VALUES (?, ?, ?, ?)');
  const addOrder = db.prepare(
    'INSERT INTO orders (id, user_id, product_id, quantity, total_cents, status, shipping_address, payment_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const run = db.transaction(() => {
    addUser.run(1, SEEDED_USERS.admin.username, 'admin@example.com', 'Site Admin', 'admin', hashes.admin);
    addUser.run(2, SEEDED_USERS.alice.username, 'alice@example.com', 'Alice Liddell', 'user', hashes.alice);
    addUser.run(3, SEEDED_USERS.bob.username, 'bob@example.com', 'Bob Builder', 'user', hashes.bob);

    addProduct.run(1, 'Rampart T-shirt', 'Organic cotton, black, with the Rampart logo.', 2500, 120);
    addProduct.run(2, 'Sticker pack', 'Ten vinyl stickers for your laptop.', 600, 900);
    addProduct.run(3, 'Hardware key', 'FIDO2 security key, USB-C.', 4900, 35);
    addProduct.run(4, 'Coffee mug', 'Ceramic, 350 ml, dishwasher safe.', 1400, 60);

    addNote.run(1, 2, 'Grocery list', 'Tea, jam, tarts.');
    addNote.run(2, 2, 'Bank PIN hint', 'The year the rabbit was late, backwards.');
    addNote.run(3, 3, 'Site access', 'Gate code for the north yard is 4471.');
    addNote.run(4, 1, 'Ops runbook', 'Rotate the payment key on the first Monday of each quarter.');

    addOrder.run(1, 2, 1, 2, 5000, 'shipped', '12 Rabbit Hole Lane, Oxford', 'pay_3f9a1c');
    addOrder.run(2, 2, 3, 1, 4900, 'processing', '12 Rabbit Hole Lane, Oxford', 'pay_7d20be');
    addOrder.run(3, 3, 4, 3, 4200, 'delivered', '7 Scaffold Street, Leeds', 'pay_b81e44');
  });
  run();
}
