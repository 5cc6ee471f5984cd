import type { CodeCheck } from '../define.js';
import codeInjection from './code-injection.js';
import commandInjection from './command-injection.js';
import hardcodedJwtSecret from './hardcoded-jwt-secret.js';
import jwtVerificationDisabled from './jwt-verification-disabled.js';
import ldapInjection from './ldap-injection.js';
import loginWithoutRateLimit from './login-without-rate-limit.js';
import massAssignment from './mass-assignment.js';
import missingAuthentication from './missing-authentication.js';
import missingFunctionAuthorization from './missing-function-authorization.js';
import missingObjectAuthorization from './missing-object-authorization.js';
import missingSecurityHeaders from './missing-security-headers.js';
import nosqlInjection from './nosql-injection.js';
import openRedirect from './open-redirect.js';
import ownerOrAdminPrivilegeWrite from './owner-or-admin-privilege-write.js';
import pathTraversal from './path-traversal.js';
import permissiveCors from './permissive-cors.js';
import shadowRoute from './shadow-route.js';
import smtpHeaderInjection from './smtp-header-injection.js';
import sqlInjection from './sql-injection.js';
import ssrf from './ssrf.js';
import staleSpecOperation from './stale-spec-operation.js';
import unsafeDeserialization from './unsafe-deserialization.js';
import weakPasswordHash from './weak-password-hash.js';
import xss from './xss.js';
import xxeEnabledParser from './xxe-enabled-parser.js';

/** Every code check, sorted by id. */
const checks: readonly CodeCheck[] = [
  codeInjection,
  commandInjection,
  hardcodedJwtSecret,
  jwtVerificationDisabled,
  ldapInjection,
  loginWithoutRateLimit,
  massAssignment,
  missingAuthentication,
  missingFunctionAuthorization,
  missingObjectAuthorization,
  missingSecurityHeaders,
  nosqlInjection,
  openRedirect,
  ownerOrAdminPrivilegeWrite,
  pathTraversal,
  permissiveCors,
  shadowRoute,
  smtpHeaderInjection,
  sqlInjection,
  ssrf,
  staleSpecOperation,
  unsafeDeserialization,
  weakPasswordHash,
  xss,
  xxeEnabledParser,
];

export default checks;
