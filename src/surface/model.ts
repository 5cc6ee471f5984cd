/**
 * The API model every source (OpenAPI 2/3.0/3.1, HAR, Postman, discovery) is loaded into.
 * Schemas are JSON Schema-like objects with `$ref`s already resolved (circular ones are shared
 * object references, so walkers must track what they have visited).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'TRACE';

export type Schema = Readonly<Record<string, unknown>>;

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema?: Schema;
  readonly example?: unknown;
  readonly description?: string;
  /** JSON pointer of the parameter in the source document. */
  readonly pointer?: string;
  /** The file holding `pointer`, when it is not the root document (a `$ref`'d file). */
  readonly file?: string;
  readonly deprecated?: boolean;
}

export interface MediaContent {
  readonly mediaType: string;
  readonly schema?: Schema;
  readonly example?: unknown;
  /** Named examples (OpenAPI 3 `examples`, Swagger 2.0 response `examples`), values only. */
  readonly examples?: Readonly<Record<string, unknown>>;
  readonly pointer?: string;
  readonly file?: string;
}

export interface RequestBody {
  readonly required: boolean;
  readonly content: readonly MediaContent[];
  readonly pointer?: string;
  readonly file?: string;
}

export interface ResponseSpec {
  /** `200`, `4XX`, `default`. */
  readonly status: string;
  readonly description?: string;
  readonly content: readonly MediaContent[];
  readonly headers: readonly string[];
  readonly pointer?: string;
  readonly file?: string;
}

/** One alternative of a security requirement: all schemes in it apply together. */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

export interface SecurityScheme {
  readonly name: string;
  readonly type: 'http' | 'apiKey' | 'oauth2' | 'openIdConnect' | 'mutualTLS' | 'basic';
  readonly scheme?: string;
  readonly bearerFormat?: string;
  readonly in?: 'header' | 'query' | 'cookie';
  readonly paramName?: string;
  readonly flows?: Readonly<Record<string, unknown>>;
  readonly openIdConnectUrl?: string;
  readonly description?: string;
  readonly pointer?: string;
  readonly file?: string;
}

export interface Operation {
  /** `GET /users/{id}` */
  readonly key: string;
  readonly method: HttpMethod;
  /** The path template as in the source, e.g. `/users/{id}`. */
  readonly path: string;
  readonly operationId?: string;
  readonly summary?: string;
  readonly tags: readonly string[];
  readonly deprecated: boolean;
  readonly servers: readonly string[];
  readonly parameters: readonly Parameter[];
  readonly requestBody?: RequestBody;
  readonly responses: readonly ResponseSpec[];
  /** Effective security: the operation's own or the document's. Empty array = explicitly none. */
  readonly security: readonly SecurityRequirement[];
  /** Marked as meant to be anonymous (`x-rampart-public: true` or config). */
  readonly isPublic: boolean;
  /** Where the operation is defined: file and JSON pointer (e.g. `/paths/~1users~1{id}/get`). */
  readonly source?: { readonly file: string; readonly pointer: string; readonly line?: number; readonly column?: number };
  /** A recorded example exchange (from HAR/Postman), used for replay and example values. */
  readonly recorded?: {
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body?: string;
    readonly status?: number;
  };
  /** Vendor extensions on the operation (`x-...`). */
  readonly extensions: Readonly<Record<string, unknown>>;
}

export interface ApiSurface {
  readonly title?: string;
  readonly version?: string;
  /** `openapi-2.0`, `openapi-3.0`, `openapi-3.1`, `har`, `postman-2.1`, `discovered`. */
  readonly sourceKind: string;
  readonly sourceFile?: string;
  readonly servers: readonly string[];
  readonly securitySchemes: Readonly<Record<string, SecurityScheme>>;
  readonly operations: readonly Operation[];
}
