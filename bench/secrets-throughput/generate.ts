// Generates the benchmark corpus in bench/.work/secrets/: a mixed source tree of at least 200 MB
// (JS/TS/Python/Go/Java/YAML/JSON/Markdown, minified bundles) with synthetic secrets planted at
// known places, and a git repository whose history adds part of that tree over many commits.
// Usage: node --import tsx bench/secrets-throughput/generate.ts [MB=220]
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_RULES } from '../../src/engines/secrets/rules/rules.js';
import { expandSample, randomString, seededRandom } from '../../src/engines/secrets/rules/sample.js';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '..', '.work', 'secrets');
const treeDir = join(work, 'tree');
const repoDir = join(work, 'repo');
const targetMb = Number(process.argv[2] ?? 220);
const rand = seededRandom(20261128);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const ident = () => pick(['user', 'order', 'item', 'cart', 'session', 'token', 'auth', 'config', 'client', 'request', 'response', 'payload', 'account', 'invoice', 'price', 'cache', 'queue', 'handler']) + pick(['', 'Id', 'Name', 'List', 'Map', 'Count', 'Value', 'Key', 'Store', 'Service']);
const words = () => Array.from({ length: 3 + Math.floor(rand() * 8) }, () => pick(['the', 'value', 'is', 'returned', 'when', 'token', 'expires', 'cache', 'user', 'password', 'reset', 'request', 'fails', 'retry', 'auth', 'header', 'secret', 'rotation', 'api', 'key'])).join(' ');

const lines: Record<string, (() => string)[]> = {
  js: [
    () => `import { ${ident()} } from './${ident()}.js';`,
    () => `export function ${ident()}(${ident()}, ${ident()}) {`,
    () => `  const ${ident()} = await fetch(\`https://api.example.org/v1/\${${ident()}}/items?limit=\${n}\`, { headers: { Authorization: \`Bearer \${token}\` } });`,
    () => `  if (!${ident()}.${ident()}) throw new Error('${words()}');`,
    () => `  // ${words()}`,
    () => `  return ${ident()}.map((x) => ({ id: x.id, name: x.name, ${ident()}: x.${ident()} ?? null }));`,
    () => `  const password = req.body.password; const token = jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: '1h' });`,
    () => `  logger.info({ ${ident()}, ${ident()} }, '${words()}');`,
    () => `}`,
    () => `const ${ident()} = '${randomString(rand, 'abcdef0123456789', 8)}-${ident()}';`,
  ],
  py: [
    () => `def ${ident()}(self, ${ident()}, ${ident()}=None):`,
    () => `    """${words()}."""`,
    () => `    ${ident()} = self.client.get(f"/api/{${ident()}}/items", params={"page": page, "token": self.token})`,
    () => `    if not ${ident()}: raise ValueError("${words()}")`,
    () => `    return [x for x in ${ident()} if x.${ident()}]`,
    () => `# ${words()}`,
    () => `from app.${ident()} import ${ident()}`,
  ],
  go: [
    () => `func (s *${ident()}) ${ident()}(ctx context.Context, id string) (*${ident()}, error) {`,
    () => `\treq.Header.Set("Authorization", "Bearer "+s.token)`,
    () => `\tif err != nil { return nil, fmt.Errorf("${words()}: %w", err) }`,
    () => `\t// ${words()}`,
    () => `}`,
  ],
  java: [
    () => `    private final ${ident()}Repository ${ident()}Repository;`,
    () => `    public ResponseEntity<${ident()}> ${ident()}(@PathVariable String id, @RequestHeader("X-Api-Key") String apiKey) {`,
    () => `        log.debug("${words()} {}", id);`,
    () => `        return ResponseEntity.ok(${ident()}Service.find(id));`,
    () => `    }`,
  ],
  yaml: [
    () => `${ident()}:`,
    () => `  ${ident()}: ${pick(['true', 'false', '42', '"eu-west-1"', '${' + ident().toUpperCase() + '}'])}`,
    () => `  url: https://${ident()}.internal.example.org:${8000 + Math.floor(rand() * 999)}/v1`,
    () => `  password: \${DB_PASSWORD}`,
    () => `# ${words()}`,
  ],
  json: [
    () => `    "${ident()}": "${randomString(rand, 'abcdefghij', 6)}",`,
    () => `    "integrity": "sha512-${randomString(rand, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 86)}==",`,
    () => `    "resolved": "https://registry.npmjs.org/${ident()}/-/${ident()}-1.${Math.floor(rand() * 9)}.0.tgz",`,
  ],
  md: [() => `${words()} ${words()}.`, () => '', () => `## ${words()}`, () => '```js', () => `const ${ident()} = require('${ident()}');`, () => '```'],
};
const ext: Record<string, string> = { js: 'js', py: 'py', go: 'go', java: 'java', yaml: 'yaml', json: 'json', md: 'md' };
const langs = ['js', 'js', 'js', 'py', 'go', 'java', 'yaml', 'json', 'md', 'js', 'py', 'json'];

function sourceFile(lang: string, bytes: number): string {
  const out: string[] = [];
  let n = 0;
  const gen = lines[lang]!;
  while (n < bytes) {
    const l = pick(gen)();
    out.push(l);
    n += l.length + 1;
  }
  return out.join('\n') + '\n';
}

function minified(bytes: number): string {
  const parts: string[] = [];
  let n = 0;
  while (n < bytes) {
    const p = `function ${ident()}(e,t){var n=e.${ident()}||{};return t.${ident()}?n.${ident()}(t):"${words()}"}var ${ident()}="${randomString(rand, 'abcdefghijklmnopqrstuvwxyz0123456789', 12)}";`;
    parts.push(p);
    n += p.length;
  }
  return parts.join('') + '\n';
}

const secretRules = BUILTIN_RULES.filter((r) => r.sample && r.check !== 'generic-secret');
const planted: { file: string; rule: string }[] = [];

function plant(text: string, file: string): string {
  const rule = pick(secretRules);
  const sample = expandSample(rule.sample!, rand);
  planted.push({ file, rule: rule.id });
  const ls = text.split('\n');
  ls.splice(Math.floor(rand() * ls.length), 0, sample);
  return ls.join('\n');
}

if (existsSync(work)) rmSync(work, { recursive: true, force: true });
mkdirSync(treeDir, { recursive: true });
let total = 0;
let files = 0;
const limit = targetMb * 1024 * 1024;
while (total < limit) {
  const dir = join(treeDir, `pkg${Math.floor(files / 200)}`, pick(['src', 'lib', 'config', 'docs', 'test', 'dist']));
  mkdirSync(dir, { recursive: true });
  let name: string;
  let text: string;
  if (rand() < 0.01) {
    name = `bundle${files}.min.js`;
    text = minified(300_000 + Math.floor(rand() * 700_000));
  } else {
    const lang = pick(langs);
    name = `${ident()}${files}.${ext[lang]}`;
    text = sourceFile(lang, 2_000 + Math.floor(rand() * 40_000));
  }
  const rel = join(dir, name).slice(treeDir.length + 1);
  if (rand() < 0.03) text = plant(text, rel);
  writeFileSync(join(treeDir, rel), text);
  total += Buffer.byteLength(text);
  files++;
}
console.log(`tree: ${files} files, ${(total / 1e6).toFixed(1)} MB, ${planted.length} planted secrets`);

// The history: 120 commits, each adding ~80 files of the tree and editing earlier ones.
mkdirSync(repoDir, { recursive: true });
const git = (...args: string[]) => execFileSync('git', args, { cwd: repoDir, env: { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.org' }, stdio: ['ignore', 'ignore', 'inherit'] });
git('init', '-q', '-b', 'main');
let hist = 0;
for (let c = 0; c < 120; c++) {
  for (let k = 0; k < 80; k++) {
    const lang = pick(langs);
    const rel = join(`m${c % 12}`, `${ident()}${c}_${k}.${ext[lang]}`);
    let text = sourceFile(lang, 2_000 + Math.floor(rand() * 12_000));
    if (rand() < 0.03) text = plant(text, `repo:${rel}`);
    mkdirSync(join(repoDir, dirname(rel)), { recursive: true });
    writeFileSync(join(repoDir, rel), text);
    hist += text.length;
  }
  git('add', '-A');
  git('commit', '-q', '-m', `commit ${c}`);
}
writeFileSync(join(work, 'planted.json'), JSON.stringify(planted, null, 1));
console.log(`repo: 120 commits adding ${(hist / 1e6).toFixed(1)} MB, ${planted.filter((p) => p.file.startsWith('repo:')).length} planted secrets`);
