// Hard-coded credentials, committed with the code. Only the vulnerable mode reads this file;
// the secure mode uses config.secure.ts, which takes its secrets from the environment.

/** HMAC key for session tokens: short, guessable and public in the repository. */
export const JWT_SECRET = 'secret123';

/** Live payment provider key (synthetic value, but in the real format). */
export const PAYMENT_API_KEY = 'sk_live_bsTNJIpm7UU4SNRmpXkoNDFSaQclberK';

/** Tokens last a day. */
export const TOKEN_TTL = '24h';
