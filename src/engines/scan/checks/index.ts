import type { ScanCheck } from '../define.js';
import corsMisconfiguration from './cors-misconfiguration.js';
import corsPreflightPermissive from './cors-preflight-permissive.js';
import exposedApiDocumentation from './exposed-api-documentation.js';
import exposedSensitivePath from './exposed-sensitive-path.js';
import jsonContentTypeMismatch from './json-content-type-mismatch.js';
import otherUsersData from './other-users-data.js';
import securityHeadersMissing from './security-headers-missing.js';
import sensitiveDataInResponse from './sensitive-data-in-response.js';
import sensitiveResponseCacheable from './sensitive-response-cacheable.js';
import traceEnabled from './trace-enabled.js';
import undeclaredResponseFields from './undeclared-response-fields.js';
import unsafeInputHandling from './unsafe-input-handling.js';
import verboseError from './verbose-error.js';
import versionBanner from './version-banner.js';
import xmlEntityExpansion from './xml-entity-expansion.js';

/** Every scan check, sorted by id. Add one import and one entry per check. */
const checks: readonly ScanCheck[] = [
  corsMisconfiguration,
  corsPreflightPermissive,
  exposedApiDocumentation,
  exposedSensitivePath,
  jsonContentTypeMismatch,
  otherUsersData,
  securityHeadersMissing,
  sensitiveDataInResponse,
  sensitiveResponseCacheable,
  traceEnabled,
  undeclaredResponseFields,
  unsafeInputHandling,
  verboseError,
  versionBanner,
  xmlEntityExpansion,
];

export default checks;
