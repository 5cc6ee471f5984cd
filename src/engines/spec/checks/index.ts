import type { SpecCheck } from '../define.js';
import additionalPropertiesAllowed from './additional-properties-allowed.js';
import adminSharesUserSecurity from './admin-shares-user-security.js';
import apiKeyInUrl from './api-key-in-url.js';
import apiVersionMissing from './api-version-missing.js';
import arrayUnbounded from './array-unbounded.js';
import authErrorResponsesMissing from './auth-error-responses-missing.js';
import corsHeadersUndeclared from './cors-headers-undeclared.js';
import credentialsInUrl from './credentials-in-url.js';
import deprecatedOperation from './deprecated-operation.js';
import httpBasicAuth from './http-basic-auth.js';
import insecureAuthScheme from './insecure-auth-scheme.js';
import invalidStructure from './invalid-structure.js';
import jwtValidationUndocumented from './jwt-validation-undocumented.js';
import mapUnbounded from './map-unbounded.js';
import nonProductionServer from './non-production-server.js';
import numberUnbounded from './number-unbounded.js';
import numericObjectId from './numeric-object-id.js';
import oauthInsecureFlow from './oauth-insecure-flow.js';
import oauthRefreshMissing from './oauth-refresh-missing.js';
import operationWithoutSecurity from './operation-without-security.js';
import optionalSecurity from './optional-security.js';
import paginationMissing from './pagination-missing.js';
import plainHttpScheme from './plain-http-scheme.js';
import privilegedFieldWritable from './privileged-field-writable.js';
import rateLimitHeadersMissing from './rate-limit-headers-missing.js';
import rateLimitResponseMissing from './rate-limit-response-missing.js';
import readonlyPropertyWritable from './readonly-property-writable.js';
import sensitiveFieldInResponse from './sensitive-field-in-response.js';
import serverUrlPlainHttp from './server-url-plain-http.js';
import ssrfProneParameter from './ssrf-prone-parameter.js';
import stringUnbounded from './string-unbounded.js';
import undefinedSecurityScheme from './undefined-security-scheme.js';

/** Every spec check, sorted by id. */
export const SPEC_CHECKS: readonly SpecCheck[] = [
  additionalPropertiesAllowed,
  adminSharesUserSecurity,
  apiKeyInUrl,
  apiVersionMissing,
  arrayUnbounded,
  authErrorResponsesMissing,
  corsHeadersUndeclared,
  credentialsInUrl,
  deprecatedOperation,
  httpBasicAuth,
  insecureAuthScheme,
  invalidStructure,
  jwtValidationUndocumented,
  mapUnbounded,
  nonProductionServer,
  numberUnbounded,
  numericObjectId,
  oauthInsecureFlow,
  oauthRefreshMissing,
  operationWithoutSecurity,
  optionalSecurity,
  paginationMissing,
  plainHttpScheme,
  privilegedFieldWritable,
  rateLimitHeadersMissing,
  rateLimitResponseMissing,
  readonlyPropertyWritable,
  sensitiveFieldInResponse,
  serverUrlPlainHttp,
  ssrfProneParameter,
  stringUnbounded,
  undefinedSecurityScheme,
];

export default SPEC_CHECKS;
