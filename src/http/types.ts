/**
 * The request and response shapes of Rampart's HTTP layer. Only `src/http/` opens sockets to a
 * target; everything else describes requests with these types and receives responses as data.
 */

/** A request as the client sends it (the URL is absolute). */
export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  /** Header names in any case; the client sends them as given. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Follow redirects that stay inside scope (default true). Out-of-scope ones are only recorded. */
  readonly followRedirects?: boolean;
  /** Total time allowed for this request, overriding the client's default. */
  readonly timeoutMs?: number;
  /** Response bytes kept (after decompression), overriding the client's default. */
  readonly maxBytes?: number;
  /**
   * Credentials of an identity. The client adds them only to hops whose origin is `origin`, so a
   * redirect to another host (even one in scope) never carries them.
   */
  readonly credentials?: Credentials;
}

/** Headers and query parameters that carry a credential, bound to one origin. */
export interface Credentials {
  readonly origin: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
}

/** A redirect the client saw: followed only when its target is inside scope. */
export interface RedirectRecord {
  readonly status: number;
  readonly from: string;
  readonly location: string;
  readonly followed: boolean;
  /** Why it was not followed: `out-of-scope`, `limit`, `disabled`, `invalid`. */
  readonly reason?: string;
}

/** Why no (complete) response was received. */
export type HttpErrorCode =
  | 'out-of-scope'
  | 'budget'
  | 'aborted'
  | 'timeout'
  | 'connect-timeout'
  | 'connection-refused'
  | 'connection-reset'
  | 'dns'
  | 'protocol'
  | 'other';

/** A response as data. When the exchange failed, `status` is 0 and `error` says why. */
export interface HttpResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, ` (`set-cookie` with `\n`). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body decoded as UTF-8 (invalid bytes replaced), at most the byte cap. */
  readonly body: string;
  /** Bytes of body seen in total (after decompression), also those discarded past the cap. */
  readonly size: number;
  /** True when the body was cut at the cap (or the stream ended in an error after some bytes). */
  readonly truncated: boolean;
  /** Time from sending to the end of the body (or the error), in ms. */
  readonly timeMs: number;
  /** The URL of the final response, after in-scope redirects. */
  readonly url: string;
  readonly redirects: readonly RedirectRecord[];
  readonly error?: { readonly code: HttpErrorCode; readonly message: string };
  /** What was actually sent (credentials included: mask before showing it anywhere). */
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body?: string;
  };
}
