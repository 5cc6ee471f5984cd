import { randomBytes } from 'node:crypto';

export interface SecureSettings {
  readonly jwtSecret: Uint8Array;
  readonly paymentApiKey: string | undefined;
  readonly allowedOrigins: readonly string[];
}

/**
 * Secrets come from the environment; when no JWT secret is configured a fresh 512-bit key is made
 * at start-up (tokens then stop working on restart, which is acceptable for this service).
 */
export function secureSettings(env: NodeJS.ProcessEnv = process.env): SecureSettings {
  const fromEnv = env.EXAMPLE_API_JWT_SECRET;
  const jwtSecret = fromEnv !== undefined && fromEnv.length >= 32 ? new TextEncoder().encode(fromEnv) : new Uint8Array(randomBytes(64));
  const origins = (env.EXAMPLE_API_ALLOWED_ORIGINS ?? 'https://app.example.com')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
  return { jwtSecret, paymentApiKey: env.PAYMENT_API_KEY, allowedOrigins: origins };
}

export const TOKEN_TTL = '15m';
