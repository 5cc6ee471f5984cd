// False-positive control: placeholders, documentation example keys and test paths.

const PLACEHOLDER = new RegExp(
  [
    'x{5,}',
    '\\*{4,}',
    '#{4,}',
    '\\.{4,}',
    '(?:change|replace)[-_ ]?(?:me|this|it)',
    'your[-_ ]?(?:own[-_ ]?)?(?:api|secret|token|key|password|pass|access|client|app|account)',
    'placeholder',
    'redacted',
    'dummy',
    'example',
    'sample',
    'insert[-_ ]?(?:here|key|token)',
    'put[-_ ]?your',
    'not[-_ ]?a[-_ ]?real',
    '<[^>]{1,40}>',
    '\\$\\{[^}]*\\}',
    '\\{\\{[^}]*\\}\\}',
    '%\\([^)]*\\)s',
    'process\\.env',
    'os\\.environ',
    '0123456789',
    'abcdefghij',
    'qwertyuiop',
  ].join('|'),
  'i',
);

/** Extra words that make a generic value (not a provider token) a placeholder. */
const GENERIC_PLACEHOLDER = /test|fake|mock|todo|fixme|secret|password|passwd|token|xxxx/i;
const IDENTIFIER_LIKE = /^\$?[A-Z_]+$|^[a-z_]+$|^[a-z]+(?:[A-Z][a-z]+)+$/;

/** Documented example values (AWS, Stripe docs ...): never real. */
const KNOWN_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
]);

/** Why this value is a placeholder rather than a secret, or undefined when it may be real. */
export function placeholderReason(secret: string, generic: boolean): string | undefined {
  if (KNOWN_EXAMPLES.has(secret)) return 'documented example key';
  if (/^(.)\1{5,}$/.test(secret)) return 'one repeated character';
  const m = PLACEHOLDER.exec(secret);
  if (m) return `placeholder text "${m[0].slice(0, 20)}"`;
  if (generic) {
    const g = GENERIC_PLACEHOLDER.exec(secret);
    if (g) return `placeholder text "${g[0].slice(0, 20)}"`;
    if (IDENTIFIER_LIKE.test(secret)) return 'looks like an identifier, not a secret';
    // A value made of several parts where one is a word or camelCase name ('f4a2-configService',
    // 'auth-token-storage') is a name or a key into a store, not a random secret.
    const parts = secret.split(/[-_./:]+/).filter(Boolean);
    if (parts.length >= 2 && parts.some((w) => /^[A-Za-z][a-z]{3,}(?:[A-Z][a-z]{2,})*$/.test(w))) return 'made of words, not random';
  }
  return undefined;
}

const TEST_PATH = /(?:^|[\\/])(?:tests?|__tests__|__mocks__|specs?|fixtures?|testdata|test-data|examples?|samples?|mocks?|demo|docs?)(?:[\\/]|$)|[._-](?:test|spec|example|sample|fixture)\.[a-z0-9]+$|\.example$|\.sample$|\.dist$/i;

/** True when a path looks like tests, fixtures, examples or docs: findings there get low confidence. */
export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}
