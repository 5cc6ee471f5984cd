// Which GraphQL server answers: guessed from how it words and shapes a parse error. Pure.
import type { GqlError } from './client.js';

interface Signature {
  readonly engine: string;
  readonly test: (e: GqlError, all: readonly GqlError[]) => boolean;
}

const code = (e: GqlError): string => String(e.extensions?.code ?? '');

// Order matters: the more specific shapes first (several servers run graphql-js underneath).
const SIGNATURES: readonly Signature[] = [
  { engine: 'Hasura', test: (e) => /^(validation-failed|parse-failed|invalid-json)$/.test(code(e)) || /not a valid graphql query/i.test(e.message) },
  { engine: 'graphql-java', test: (e) => typeof e.extensions?.classification === 'string' || /^Invalid Syntax/i.test(e.message) },
  { engine: 'HotChocolate', test: (e) => /^HC\d{4}$/.test(code(e)) || /`Name`-token|`EndOfFile`-token/.test(e.message) },
  { engine: 'Apollo Server', test: (e) => /^GRAPHQL_(PARSE|VALIDATION)_FAILED$/.test(code(e)) && /^Syntax Error:/.test(e.message) },
  { engine: 'gqlgen', test: (e) => code(e) === 'GRAPHQL_PARSE_FAILED' && /^Unexpected /.test(e.message) },
  { engine: 'graph-gophers/graphql-go', test: (e) => /^syntax error: unexpected/i.test(e.message) },
  { engine: 'Juniper', test: (e) => /^Unexpected end of input$/.test(e.message) },
  { engine: 'Sangria', test: (e) => /Syntax error while parsing GraphQL query/i.test(e.message) },
  { engine: 'webonyx/graphql-php', test: (e) => typeof e.extensions?.category === 'string' },
  { engine: 'AWS AppSync', test: (e) => /MalformedHttpRequestException|UnknownOperationException/.test(String((e as { errorType?: unknown }).errorType ?? e.message)) },
  { engine: 'graphql-core 2 (Graphene 2)', test: (e) => /^Syntax Error GraphQL \(\d+:\d+\)/.test(e.message) },
  { engine: 'graphql-js or graphql-core 3 (Express GraphQL, Yoga, Mercurius, Strawberry, Graphene 3)', test: (e) => /^Syntax Error: Expected Name, found <EOF>\.?$/.test(e.message) },
];

/** The malformed document whose parse error identifies the server. */
export const FINGERPRINT_QUERY = 'query {';

/** Guess the engine from the errors a malformed query produced; undefined when nothing matches. */
export function fingerprintEngine(errors: readonly GqlError[]): string | undefined {
  for (const s of SIGNATURES) for (const e of errors) if (s.test(e, errors)) return s.engine;
  return undefined;
}
