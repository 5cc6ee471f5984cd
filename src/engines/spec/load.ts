import { loadOpenApiFile, loadOpenApiText } from '../../surface/openapi.js';
import type { LoadedSpec } from '../../surface/openapi.js';

/** The I/O edge of the spec engine: read and parse the document (and the files it `$ref`s). */
export async function loadSpec(path: string): Promise<LoadedSpec> {
  return loadOpenApiFile(path);
}

/** Parse a document given as text (fetched by the caller); relative `$ref`s are read from disk next to `file`. */
export function loadSpecText(text: string, file: string): LoadedSpec {
  return loadOpenApiText(text, file);
}
