import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** How to start a worker: a script path, or (`eval`) a module body that imports it. */
export interface WorkerScript {
  readonly script: string;
  readonly eval: boolean;
}

/**
 * How to start the worker script `name` that sits next to the module at `moduleUrl` (pass
 * `import.meta.url`): `.js` when built, `.mjs` in a bundle, `.ts` when running from source under
 * tsx, whose loader the worker then registers itself. Undefined when the script is not there (or
 * tsx is not available to load a `.ts` one): the caller then does the work on its own thread.
 */
export function siblingWorkerScript(moduleUrl: string, name: string): WorkerScript | undefined {
  const ext = /\.[cm]?[jt]s$/.exec(moduleUrl)?.[0] ?? '.js';
  const url = new URL(`./${name}${ext}`, moduleUrl);
  if (!existsSync(fileURLToPath(url))) return undefined;
  if (ext !== '.ts') return { script: fileURLToPath(url), eval: false };
  let api: string;
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
  return { script: `import(${JSON.stringify(api)}).then((t) => { t.register(); return import(${JSON.stringify(url.href)}); })`, eval: true };
}
