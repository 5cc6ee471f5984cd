import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS dependency loaded on first use, so that a command which never needs it (ajv for a
 * config file that is not there, the full YAML parser for a document the fast path reads) does not
 * pay for loading it at start-up.
 *
 * @example
 * const yaml = lazyRequire<typeof import('yaml')>('yaml');
 * yaml().parseDocument(text);
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
