/** One thing the out-of-band listener saw that carries a payload's token. */
export interface Interaction {
  readonly protocol: 'http' | 'smtp';
  readonly token: string;
  /** Remote address the interaction came from. */
  readonly from: string;
  /** HTTP: method and path; SMTP: the envelope and headers. */
  readonly summary: string;
  /** A short excerpt of what was received. */
  readonly detail: string;
  readonly at: number;
  /** SMTP only: envelope recipients (RCPT TO) and the message's header section. */
  readonly smtp?: { readonly rcpt: readonly string[]; readonly headers: string };
}

/** A unique token and the ways a payload can point at the listener with it. */
export interface OobToken {
  readonly token: string;
  /** An HTTP URL that, when fetched, records an interaction for this token. */
  readonly url: string;
  /** A mail address that, when mail reaches the SMTP sink, records an interaction for this token. */
  readonly email: string;
}

/** What checks see of the listener. */
export interface OobClient {
  /** A fresh token, unique per payload. */
  newToken(): OobToken;
  /** Interactions for a token, waiting up to `ms` for the first one to arrive. */
  wait(token: string, ms: number): Promise<readonly Interaction[]>;
  /** True when the SMTP sink runs (mail-based checks need it). */
  readonly hasSmtp: boolean;
}
