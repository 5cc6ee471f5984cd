import type { Db } from './db.js';

const EMAIL = /^[^@\s]{1,64}@[^@\s]{1,255}$/;

/** Why `email` cannot be given to account `selfId` (bad format, or another account has it), or undefined when it can. */
export function emailProblem(db: Db, email: string, selfId?: number): { status: 400 | 409; error: string } | undefined {
  if (!EMAIL.test(email)) return { status: 400, error: 'email is not valid' };
  const owner = db.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: number } | undefined;
  if (owner !== undefined && owner.id !== selfId) return { status: 409, error: 'email already registered' };
  return undefined;
}

export function displayNameProblem(name: string): { status: 400; error: string } | undefined {
  return name.length >= 1 && name.length <= 100 ? undefined : { status: 400, error: 'display_name must be 1-100 characters' };
}
