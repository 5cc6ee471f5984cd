import type { IdentityConfig } from '../../src/http/identities.js';
import { surfaceOf } from '../harness/scan.js';

export const IDENTITIES: Readonly<Record<string, IdentityConfig>> = {
  alice: { type: 'bearer', token: 'alice-token', username: 'alice' },
  bob: { type: 'bearer', token: 'bob-token', username: 'bob' },
  admin: { type: 'bearer', token: 'admin-token', username: 'admin', role: 'admin' },
};

/** GraphQL targets usually come without an OpenAPI surface. */
export const EMPTY = surfaceOf([]);
