import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { openDatabase } from './db.js';

export { SEEDED_USERS } from './db.js';
/** Absolute path of `examples/vulnerable-api` (holds openapi.yaml, src/, public/). */
export { exampleRoot } from './paths.js';

export interface ExampleServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** `false` starts the deliberately vulnerable API, `true` its fixed twin. */
  secure: boolean;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** SQLite file to (re)create and seed; default in memory. */
  dbPath?: string;
  /** Where unexpected server errors are logged (default: nowhere). */
  log?: (line: string) => void;
  /** Receives one Combined Log Format line per response (default: no access log). */
  accessLog?: (line: string) => void;
}

/** Starts the example API with a freshly seeded database and resolves once it is listening. */
export async function startExampleApi(opts: StartOptions): Promise<ExampleServer> {
  const host = opts.host ?? '127.0.0.1';
  const db = openDatabase(opts.dbPath ?? ':memory:');
  const app = createApp({ secure: opts.secure, db, log: opts.log, accessLog: opts.accessLog });
  const server = createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    db.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => {
          db.close();
          if (err) reject(err);
          else resolve();
        });
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
