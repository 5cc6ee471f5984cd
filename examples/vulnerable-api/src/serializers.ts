import type { UserRow } from './db.js';

/** What the owner (or an admin) may see of an account: everything but the hash. */
export function privateProfile(user: UserRow) {
  return { id: user.id, username: user.username, email: user.email, display_name: user.display_name, role: user.role, created_at: user.created_at };
}

/** What any signed-in user may see of another account. */
export function publicProfile(user: UserRow) {
  return { id: user.id, username: user.username, display_name: user.display_name };
}

/** The whole row, password hash included: what the vulnerable mode sends. */
export function rawUser(user: UserRow) {
  return { ...user };
}
