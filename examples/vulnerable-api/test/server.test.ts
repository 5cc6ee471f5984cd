// The example's plumbing: start/stop, fresh seeding, locating its files, the standalone runner,
// the login limiter, and that openapi.yaml and the Express routes describe the same API.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { LoginLimiter } from '../src/middleware/login-limiter.js';
import { exampleRoot, findExampleRoot } from '../src/paths.js';
import { SEEDED_USERS, startExampleApi } from '../src/server.js';
import { http, login, register } from './http.js';

const root = exampleRoot();
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Routes declared in the source: `app.<m>('/x')` as written, `router.<m>('/x')` under the prefix app.ts mounts the router at. */
function routesInSource(): Set<string> {
  const srcDir = join(root, 'src');
  const appSource = readFileSync(join(srcDir, 'app.ts'), 'utf8');
  const mounts = new Map<string, string>();
  for (const m of appSource.matchAll(/app\.use\('([^']+)', (\w+)\(/g)) mounts.set(m[2]!, m[1]!);
  const routes = new Set<string>();
  for (const file of readdirSync(join(srcDir, 'routes'))) {
    const text = readFileSync(join(srcDir, 'routes', file), 'utf8');
    const routerFn = /export function (\w+Router)\(/.exec(text)?.[1];
    for (const m of text.matchAll(/\b(app|router)\.(get|post|put|patch|delete)\('([^']+)'/g)) {
      let path = m[3]!;
      if (m[1] === 'router') {
        const prefix = routerFn === undefined ? undefined : mounts.get(routerFn);
        assert.ok(prefix !== undefined, `no mount for the router in ${file}`);
        path = path === '/' ? prefix : prefix + path;
      }
      routes.add(`${m[2]!.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes;
}

describe('openapi.yaml', () => {
  const doc = parse(readFileSync(join(root, 'openapi.yaml'), 'utf8'));
  const specRoutes = new Set<string>();
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of METHODS) if (item[method] !== undefined) specRoutes.add(`${method.toUpperCase()} ${path}`);
  }
  // Static files are served by express.static, not by a route call.
  const servedStatically = new Set(['GET /static/app.js']);

  it('is OpenAPI 3.1 with bearer JWT security and unique operation ids', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(doc.components.securitySchemes.bearerAuth, {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'HS256 token from POST /api/auth/login.',
    });
    const ids: string[] = [];
    for (const item of Object.values<any>(doc.paths)) for (const m of METHODS) if (item[m]) ids.push(item[m].operationId);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('describes exactly the routes the source declares', () => {
    const source = routesInSource();
    assert.ok(source.size >= 18, `only ${source.size} routes found in source`);
    assert.deepEqual([...specRoutes].filter((r) => !servedStatically.has(r)).sort(), [...source].sort());
  });

  it('every documented operation is routed by the vulnerable app', async () => {
    const server = await startExampleApi({ secure: false });
    try {
      const token = await login(server.url, SEEDED_USERS.admin);
      for (const route of specRoutes) {
        const [method, template] = route.split(' ') as [string, string];
        const res = await http(server.url, method, template.replace(/\{\w+\}/g, '1'), { token, body: method === 'GET' ? undefined : {} });
        assert.notEqual(res.json?.error, 'no such route', route);
        assert.ok(res.status < 500, `${route}: ${res.status} ${res.text.slice(0, 200)}`);
      }
    } finally {
      await server.close();
    }
  });
});

describe('startExampleApi', () => {
  it('listens on a free loopback port, reseeds a file database on every start, closes twice safely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-example-'));
    try {
      const dbPath = join(dir, 'shop.db');
      const first = await startExampleApi({ secure: true, dbPath });
      assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      await register(first.url, 'zed');
      assert.equal((await http(first.url, 'GET', '/api/users', { token: await login(first.url, SEEDED_USERS.bob) })).json.users.length, 4);
      await first.close();
      await first.close();

      const second = await startExampleApi({ secure: true, dbPath });
      const users = await http(second.url, 'GET', '/api/users', { token: await login(second.url, SEEDED_USERS.bob) });
      assert.deepEqual(users.json.users.map((u: any) => u.username), ['admin', 'alice', 'bob']);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects when the port is taken', async () => {
    const a = await startExampleApi({ secure: false });
    try {
      const port = Number(new URL(a.url).port);
      await assert.rejects(startExampleApi({ secure: false, port }), /EADDRINUSE/);
    } finally {
      await a.close();
    }
  });
});

describe('access log', () => {
  it('writes Combined Log Format lines; the vulnerable mode adds the bearer token, the secure one does not', async () => {
    for (const secure of [false, true]) {
      const lines: string[] = [];
      const server = await startExampleApi({ secure, accessLog: (line) => lines.push(line) });
      try {
        const token = await login(server.url, SEEDED_USERS.bob);
        await http(server.url, 'GET', '/api/users/me?x=1', { token, headers: { 'user-agent': 'probe/1.0 "quoted"' } });
        await new Promise((r) => setTimeout(r, 20));
        const line = lines.find((l) => l.includes('/api/users/me'));
        assert.ok(line !== undefined, lines.join('\n'));
        assert.match(line, /^127\.0\.0\.1 - bob \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "GET \/api\/users\/me\?x=1 HTTP\/1\.1" 200 \d+ "-" "probe\/1\.0 \\"quoted\\""/);
        assert.match(lines.find((l) => l.includes('/api/auth/login'))!, / - - \[.*"POST \/api\/auth\/login HTTP\/1\.1" 200 /);
        if (secure) assert.doesNotMatch(line, /Bearer|eyJ/);
        else assert.ok(line.endsWith(`"Bearer ${token}"`));
      } finally {
        await server.close();
      }
    }
  });
});

describe('findExampleRoot', () => {
  it('finds the example from its sources and from the compiled layout under dist/', () => {
    assert.equal(findExampleRoot(join(root, 'src', 'routes')), root);
    const repo = mkdtempSync(join(tmpdir(), 'rampart-example-root-'));
    try {
      const example = join(repo, 'examples', 'vulnerable-api');
      mkdirSync(join(example, 'src'), { recursive: true });
      writeFileSync(join(example, 'openapi.yaml'), 'openapi: 3.1.0\n');
      const compiled = join(repo, 'dist', 'examples', 'vulnerable-api', 'src');
      mkdirSync(compiled, { recursive: true });
      // No openapi.yaml under dist/: the walk goes up to the repository root and finds the sources' copy.
      assert.equal(findExampleRoot(compiled), example);
      assert.equal(findExampleRoot(join(example, 'src')), example);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('names the start directory when there is nothing to find', () => {
    assert.throws(() => findExampleRoot(tmpdir()), /cannot find examples\/vulnerable-api\/openapi\.yaml/);
  });
});

describe('LoginLimiter', () => {
  it('blocks after the limit until the window ends; reset clears it', () => {
    let now = 1_000_000;
    const limiter = new LoginLimiter(3, 60_000, () => now);
    for (let i = 0; i < 2; i++) limiter.recordFailure('user:a');
    assert.equal(limiter.retryAfter('user:a'), 0);
    limiter.recordFailure('user:a');
    assert.equal(limiter.retryAfter('user:a'), 60);
    assert.equal(limiter.retryAfter('user:b'), 0);
    now += 30_000;
    assert.equal(limiter.retryAfter('user:a'), 30);
    now += 30_000;
    assert.equal(limiter.retryAfter('user:a'), 0);
    for (let i = 0; i < 3; i++) limiter.recordFailure('user:a');
    limiter.reset('user:a');
    assert.equal(limiter.retryAfter('user:a'), 0);
  });
});

describe('src/main.ts', () => {
  it('runs standalone with --secure --port 0 and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main.ts'), '--secure', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
        setTimeout(() => reject(new Error(`no listening line in 15 s: ${out}`)), 15_000).unref();
      });
      assert.equal((await http(url, 'GET', '/openapi.json')).status, 404);
      assert.equal((await http(url, 'GET', '/api/health')).json.status, 'ok');
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits 2 with one line on an unknown option or a bad --port', async () => {
    const run = async (args: string[]) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      return { code, err };
    };
    const [bogus, badPort] = await Promise.all([run(['--bogus']), run(['--port', 'abc'])]);
    assert.equal(bogus.code, 2);
    assert.match(bogus.err, /Unknown option '--bogus'/);
    assert.doesNotMatch(bogus.err, /\n\s+at /);
    assert.equal(badPort.code, 2);
    assert.match(badPort.err, /invalid --port: abc/);
  });
});
