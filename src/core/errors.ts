/**
 * Stable error codes. Codes are the contract; wording may change.
 * `E_USAGE`, `E_CONFIG_*`, `E_INPUT_*` and `E_*_PARSE` map to exit code 2; the rest to 3.
 */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_CONFIG_INVALID'
  | 'E_CONFIG_READ'
  | 'E_INPUT_MISSING'
  | 'E_INPUT_INVALID'
  | 'E_SPEC_PARSE'
  | 'E_SPEC_UNSUPPORTED'
  | 'E_REPORT_PARSE'
  | 'E_HAR_PARSE'
  | 'E_POSTMAN_PARSE'
  | 'E_LOG_PARSE'
  | 'E_RULES_INVALID'
  | 'E_IDENTITY'
  | 'E_TARGET_UNREACHABLE'
  | 'E_SCOPE'
  | 'E_BUDGET'
  | 'E_INTERNAL';

const USAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'E_USAGE',
  'E_CONFIG_INVALID',
  'E_CONFIG_READ',
  'E_INPUT_MISSING',
  'E_INPUT_INVALID',
  'E_SPEC_PARSE',
  'E_SPEC_UNSUPPORTED',
  'E_REPORT_PARSE',
  'E_HAR_PARSE',
  'E_POSTMAN_PARSE',
  'E_LOG_PARSE',
  'E_RULES_INVALID',
  'E_IDENTITY',
]);

/** A position in a file, for errors that point into user input. */
export interface SourcePosition {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly pointer?: string;
}

/**
 * The one error type Rampart throws on purpose. The CLI prints `message` (and the position) on one
 * line and exits with {@link exitCodeFor}; a stack trace only with `--debug`.
 *
 * @example
 * throw new ToolError('E_SPEC_PARSE', 'unexpected end of document', { position: { file, line: 3, column: 1 } });
 */
export class ToolError extends Error {
  readonly code: ErrorCode;
  readonly position?: SourcePosition;
  /** Further problems reported together with the first (config validation reports all at once). */
  readonly details: readonly string[];

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; position?: SourcePosition; details?: readonly string[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ToolError';
    this.code = code;
    this.position = options.position;
    this.details = options.details ?? [];
  }
}

/** `file:line:column` (as far as known) for a position. */
export function formatPosition(p: SourcePosition): string {
  let s = p.file;
  if (p.line !== undefined) s += `:${p.line}`;
  if (p.line !== undefined && p.column !== undefined) s += `:${p.column}`;
  if (p.pointer !== undefined && p.line === undefined) s += ` (at ${p.pointer || '/'})`;
  return s;
}

/** Exit code for an error: 2 for usage, configuration and input errors, 3 when the run itself failed. */
export function exitCodeFor(err: unknown): 2 | 3 {
  if (err instanceof ToolError && USAGE_CODES.has(err.code)) return 2;
  return 3;
}
