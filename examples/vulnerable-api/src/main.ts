// Runs the example API on its own:
//   npx tsx examples/vulnerable-api/src/main.ts [--secure] [--port N] [--host H] [--db FILE] [--access-log FILE]
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SEEDED_USERS, startExampleApi } from './server.js';

function readArgs() {
  try {
    return parseArgs({
      options: {
        secure: { type: 'boolean', default: false },
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        db: { type: 'string' },
        'access-log': { type: 'string' },
      },
    }).values;
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
}

const values = readArgs();
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port: ${values.port}`);
  process.exit(2);
}

const accessLogFile = values['access-log'];
const server = await startExampleApi({
  secure: values.secure,
  host: values.host,
  port,
  dbPath: values.db,
  log: (line) => console.error(line),
  accessLog: accessLogFile === undefined ? undefined : (line) => appendFileSync(accessLogFile, line + '\n'),
});
console.log(`${values.secure ? 'secure twin' : 'VULNERABLE example API'} listening on ${server.url}`);
for (const [name, u] of Object.entries(SEEDED_USERS)) console.log(`  ${name}: ${u.username} / ${u.password}`);

const stop = (): void => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
