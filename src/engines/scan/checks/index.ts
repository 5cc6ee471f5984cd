import type { ScanCheck } from '../define.js';
import accountEnumeration from './account-enumeration.js';
import bfla from './bfla.js';
import bola from './bola.js';
import corsMisconfiguration from './cors-misconfiguration.js';
import corsPreflightPermissive from './cors-preflight-permissive.js';
import crlfInjection from './crlf-injection.js';
import exposedApiDocumentation from './exposed-api-documentation.js';
import exposedSensitivePath from './exposed-sensitive-path.js';
import graphqlBrokenAuthorization from './graphql-broken-authorization.js';
import graphqlBruteForceAmplification from './graphql-brute-force-amplification.js';
import graphqlCsrf from './graphql-csrf.js';
import graphqlDebugInformation from './graphql-debug-information.js';
import graphqlFieldSuggestions from './graphql-field-suggestions.js';
import graphqlIdeExposed from './graphql-ide-exposed.js';
import graphqlInjection from './graphql-injection.js';
import graphqlIntrospectionEnabled from './graphql-introspection-enabled.js';
import graphqlResourceExhaustion from './graphql-resource-exhaustion.js';
import graphqlSensitiveFields from './graphql-sensitive-fields.js';
import hostHeaderInjection from './host-header-injection.js';
import jsonContentTypeMismatch from './json-content-type-mismatch.js';
import jwtAlgNone from './jwt-alg-none.js';
import jwtExpiredAccepted from './jwt-expired-accepted.js';
import jwtKeyConfusion from './jwt-key-confusion.js';
import jwtSignatureNotVerified from './jwt-signature-not-verified.js';
import jwtWeakSecret from './jwt-weak-secret.js';
import ldapInjection from './ldap-injection.js';
import massAssignment from './mass-assignment.js';
import noBruteForceProtection from './no-brute-force-protection.js';
import nosqlInjection from './nosql-injection.js';
import osCommandInjection from './os-command-injection.js';
import otherUsersData from './other-users-data.js';
import pathTraversal from './path-traversal.js';
import privilegeEscalation from './privilege-escalation.js';
import reflectedXss from './reflected-xss.js';
import securityHeadersMissing from './security-headers-missing.js';
import sensitiveDataInResponse from './sensitive-data-in-response.js';
import sensitiveResponseCacheable from './sensitive-response-cacheable.js';
import serverSideRequestForgery from './server-side-request-forgery.js';
import serverSideTemplateInjection from './server-side-template-injection.js';
import smtpHeaderInjection from './smtp-header-injection.js';
import sqlInjection from './sql-injection.js';
import traceEnabled from './trace-enabled.js';
import unauthenticatedAccess from './unauthenticated-access.js';
import undeclaredResponseFields from './undeclared-response-fields.js';
import unsafeInputHandling from './unsafe-input-handling.js';
import verboseError from './verbose-error.js';
import versionBanner from './version-banner.js';
import xmlEntityExpansion from './xml-entity-expansion.js';
import xmlExternalEntity from './xml-external-entity.js';

/** Every scan check, sorted by id. Add one import and one entry per check. */
const checks: readonly ScanCheck[] = [
  accountEnumeration,
  bfla,
  bola,
  corsMisconfiguration,
  corsPreflightPermissive,
  crlfInjection,
  exposedApiDocumentation,
  exposedSensitivePath,
  graphqlBrokenAuthorization,
  graphqlBruteForceAmplification,
  graphqlCsrf,
  graphqlDebugInformation,
  graphqlFieldSuggestions,
  graphqlIdeExposed,
  graphqlInjection,
  graphqlIntrospectionEnabled,
  graphqlResourceExhaustion,
  graphqlSensitiveFields,
  hostHeaderInjection,
  jsonContentTypeMismatch,
  jwtAlgNone,
  jwtExpiredAccepted,
  jwtKeyConfusion,
  jwtSignatureNotVerified,
  jwtWeakSecret,
  ldapInjection,
  massAssignment,
  noBruteForceProtection,
  nosqlInjection,
  osCommandInjection,
  otherUsersData,
  pathTraversal,
  privilegeEscalation,
  reflectedXss,
  securityHeadersMissing,
  sensitiveDataInResponse,
  sensitiveResponseCacheable,
  serverSideRequestForgery,
  serverSideTemplateInjection,
  smtpHeaderInjection,
  sqlInjection,
  traceEnabled,
  unauthenticatedAccess,
  undeclaredResponseFields,
  unsafeInputHandling,
  verboseError,
  versionBanner,
  xmlEntityExpansion,
  xmlExternalEntity,
];

export default checks;
