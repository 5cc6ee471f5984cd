/**
 * Name patterns shared by the checks. Names are normalised first (`isAdmin`, `is_admin` and
 * `is-admin` all become `isadmin`), so each pattern lists one spelling.
 */

/** Normalised names already computed: the same property names recur across schemas and checks. */
const NORMALISED = new Map<string, string>();
const MAX_NORMALISED = 20000;

/** `isAdmin` / `is_admin` / `IS-ADMIN` -> `isadmin`. */
export function normName(name: string): string {
  let n = NORMALISED.get(name);
  if (n === undefined) {
    n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (NORMALISED.size < MAX_NORMALISED) NORMALISED.set(name, n);
  }
  return n;
}

/** Credentials: never in a URL (logged by proxies, browsers, servers). */
const CREDENTIAL = /(password|passwd|passphrase|secret|apikey|accesstoken|refreshtoken|idtoken|authtoken|bearertoken|sessiontoken|sessionid|jwt|^token$|^auth$|authorization|credential|privatekey)/;
/** Tokens that are positions in a list or one-shot identifiers, not credentials. */
const NOT_CREDENTIAL = /(pagetoken|nexttoken|continuationtoken|synctoken|cursortoken|paginationtoken|tokentype|tokenid|tokencount|csrftoken|secretname|secretid|passwordpolicy|passwordreset|resetpassword|hassecret|secretsmanager)/;

export function isCredentialName(name: string): boolean {
  const n = normName(name);
  return CREDENTIAL.test(n) && !NOT_CREDENTIAL.test(n);
}

export interface SensitiveKind {
  readonly kind: string;
  readonly severity: 'high' | 'medium';
}

const SENSITIVE: readonly [RegExp, SensitiveKind][] = [
  [/^(password|passwd|pwd|passphrase|userpassword|currentpassword|newpassword|oldpassword)$|password(hash|digest|salt)?$/, { kind: 'password', severity: 'high' }],
  [/(passwordhash|pwdhash|hashedpassword|passwordsalt|salt)$/, { kind: 'password hash', severity: 'high' }],
  [/^(cvv|cvc|cvv2|cvc2|cardcvc|cardcvv|securitycode|cardsecuritycode|pin|cardpin)$/, { kind: 'card security code', severity: 'high' }],
  [/^(privatekey|secretkey|signingkey|encryptionkey|clientsecret|webhooksecret|signingsecret|apisecret|secret|sharedsecret)$/, { kind: 'secret', severity: 'high' }],
  [/^(apikey|accesskey|accesskeyid)$/, { kind: 'API key', severity: 'medium' }],
  [/^(accesstoken|refreshtoken|idtoken|authtoken|sessiontoken|bearertoken|sessionid|otp|totpsecret|mfasecret|resettoken|verificationtoken)$/, { kind: 'token', severity: 'medium' }],
  [/^(ssn|socialsecuritynumber|nationalid|nationalidnumber|taxid|passportnumber|driverslicense|driverlicensenumber)$/, { kind: 'government identifier', severity: 'medium' }],
  [/^(cardnumber|creditcardnumber|creditcard|pan|primaryaccountnumber|iban|accountnumber|bankaccountnumber)$/, { kind: 'payment account number', severity: 'medium' }],
];

/** sensitiveKind by raw name (null: none): checks ask about every response property, and names recur. */
const SENSITIVE_OF = new Map<string, SensitiveKind | null>();

/** What kind of sensitive value a property name announces, if any. */
export function sensitiveKind(name: string): SensitiveKind | undefined {
  let kind = SENSITIVE_OF.get(name);
  if (kind === undefined) {
    const n = normName(name);
    kind = null;
    // An indexed loop: a for-of with destructuring allocates iterators on every call.
    for (let i = 0; i < SENSITIVE.length; i++) {
      const entry = SENSITIVE[i]!;
      if (entry[0].test(n)) {
        kind = entry[1];
        break;
      }
    }
    if (SENSITIVE_OF.size < MAX_NORMALISED) SENSITIVE_OF.set(name, kind);
  }
  return kind ?? undefined;
}

/** Properties that grant power: a client must not be able to set them on itself. */
const PRIVILEGED = /^(role|roles|userrole|isadmin|admin|issuperuser|superuser|isstaff|staff|permission|permissions|privilege|privileges|scope|scopes|groups|accesslevel|isverified|verified|emailverified|isemailverified|approved|isapproved|owner|ownerid|tenantid|organizationid|orgid|accountid|userid|balance|credit|credits|walletbalance|plan|tier|subscriptiontier|isactive|status|banned|isbanned|locked|islocked)$/;

/** The strongest privileged names (always reported); the rest only in writes to an existing object. */
const PRIVILEGED_STRONG = /^(role|roles|userrole|isadmin|admin|issuperuser|superuser|isstaff|staff|permission|permissions|privilege|privileges|accesslevel|balance|credit|credits|walletbalance|isverified|emailverified|isemailverified)$/;

/** privilegedLevel by raw name (null: neither). */
const PRIVILEGED_OF = new Map<string, 'strong' | 'weak' | null>();

export function privilegedLevel(name: string): 'strong' | 'weak' | undefined {
  let level = PRIVILEGED_OF.get(name);
  if (level === undefined) {
    const n = normName(name);
    level = PRIVILEGED_STRONG.test(n) ? 'strong' : PRIVILEGED.test(n) ? 'weak' : null;
    if (PRIVILEGED_OF.size < MAX_NORMALISED) PRIVILEGED_OF.set(name, level);
  }
  return level ?? undefined;
}

/** isSsrfProneName by raw name: asked of every request property. */
const SSRF_PRONE = new Map<string, boolean>();

/** Names of parameters and fields that carry a URL or host the server may fetch or redirect to. */
export function isSsrfProneName(name: string): boolean {
  let prone = SSRF_PRONE.get(name);
  if (prone === undefined) {
    const n = normName(name);
    prone = /(url|uri|href|callback|webhook|redirect)$/.test(n) || /^(returnto|goto|host|hostname|endpoint|proxy|redirectto)$/.test(n);
    if (SSRF_PRONE.size < MAX_NORMALISED) SSRF_PRONE.set(name, prone);
  }
  return prone;
}

/** Query parameter names that page through a list. */
export const PAGINATION_PARAM = /^(limit|pagesize|perpage|size|count|top|first|last|page|pagenumber|offset|skip|cursor|after|before|startingafter|endingbefore|pagetoken|nexttoken|continuationtoken|since|maxresults|maxitems|take)$/;

/** Identifier-like parameter names: `id`, `userId`, `user_id`, `order-id`. */
export function isIdName(name: string): boolean {
  return name === 'id' || /(_id|Id|-id|ID)$/.test(name) || name.toLowerCase() === 'uid';
}
