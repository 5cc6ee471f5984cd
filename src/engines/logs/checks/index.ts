import type { LogCheck } from '../define.js';
import bruteForce from './brute-force.js';
import credentialStuffing from './credential-stuffing.js';
import loginSuccessAfterFailures from './login-success-after-failures.js';
import objectEnumeration from './object-enumeration.js';
import passwordSpraying from './password-spraying.js';
import revokedTokenUse from './revoked-token-use.js';
import scraping from './scraping.js';
import tokenNewContext from './token-new-context.js';
import tokenPrivilegedUse from './token-privileged-use.js';
import tokenShared from './token-shared.js';
import tokenVolumeSpike from './token-volume-spike.js';

/** Every log check, sorted by id. */
const checks: readonly LogCheck<any>[] = [
  bruteForce,
  credentialStuffing,
  loginSuccessAfterFailures,
  objectEnumeration,
  passwordSpraying,
  revokedTokenUse,
  scraping,
  tokenNewContext,
  tokenPrivilegedUse,
  tokenShared,
  tokenVolumeSpike,
];

export default checks;
