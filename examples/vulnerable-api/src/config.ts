import * as vulnerable from './config.vulnerable.js';
import * as secure from './config.secure.js';

export interface AppConfig {
  readonly secure: boolean;
  readonly jwtSecret: Uint8Array;
  readonly tokenTtl: string;
  readonly paymentApiKey: string | undefined;
  /** CORS allow-list (secure mode only; the vulnerable mode reflects every origin). */
  readonly allowedOrigins: readonly string[];
  /** Failed logins allowed per account in the window before 429 (secure mode only). */
  readonly loginMaxFailures: number;
  /** Failed logins allowed per client IP in the window (secure mode only). */
  readonly loginMaxFailuresPerIp: number;
  readonly loginWindowMs: number;
}

export function loadConfig(isSecure: boolean, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const limits = { loginMaxFailures: 5, loginMaxFailuresPerIp: 30, loginWindowMs: 15 * 60 * 1000 };
  if (isSecure) {
    const s = secure.secureSettings(env);
    return { secure: true, tokenTtl: secure.TOKEN_TTL, ...s, ...limits };
  }
  return {
    secure: false,
    jwtSecret: new TextEncoder().encode(vulnerable.JWT_SECRET),
    tokenTtl: vulnerable.TOKEN_TTL,
    paymentApiKey: vulnerable.PAYMENT_API_KEY,
    allowedOrigins: [],
    ...limits,
  };
}
