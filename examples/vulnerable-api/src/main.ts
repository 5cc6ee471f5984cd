// Runs the example API on its own: npx tsx examples/vulnerable-api/src/main.ts [--secure] [--port N] [--db FILE]
import { parseArgs } from 'node:util';
import { SEEDED_USERS, startExampleApi } from './server.js';

const { values } = parseArgs({
  options: {
    secure: { type: 'boolean', default: false },
    port: { type: 'string', default: '3000' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port: ${values.port}`);
  process.exit(2);
}

const server = await startExampleApi({ secure: values.secure, host: values.host, port, dbPath: values.db, log: (line) => console.error(line) });
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
