import type { ScanCheck } from '../define.js';

/** Every scan check, sorted by id. Add one import and one entry per check. */
const checks: readonly ScanCheck[] = [];

export default checks;
