import type { JsonSchema } from '../core/config.js';
import { configSchema } from './config-schema.js';

/**
 * The config schema with every engine's section and check ids: the command modules register their
 * sections as they load. A module of its own, loaded only when there is a config file to check, and
 * from the modules (dist/src) by the `spec` bundle too: the schema is plain data, so the bundle can
 * take it from the modules' copy of the section registry, where every command registered.
 */
export async function fullConfigSchema(): Promise<JsonSchema> {
  const [{ allCheckMetas }] = await Promise.all([import('./all-checks.js'), import('./commands/index.js')]);
  return configSchema(allCheckMetas());
}
