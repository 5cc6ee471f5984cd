// Git history: the lines every commit added, from `git log -p -U0` (oldest first), grouped per
// commit and file so each block is scanned like a small file and mapped back to its line numbers.
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { ToolError } from '../../../core/errors.js';

export interface AddedBlock {
  readonly commit: string;
  readonly author: string;
  readonly date: string;
  readonly file: string;
  /** The added lines joined with `\n`. */
  readonly text: string;
  /** New-file line number of each added line. */
  readonly lines: readonly number[];
}

export interface GitScanStats {
  commits: number;
  bytes: number;
}


/**
 * Stream every commit's added lines (all refs, oldest first) to `onBlock`. Resolves with counts.
 * Throws ToolError when `dir` is not in a git work tree or git is missing.
 */
export async function readGitHistory(dir: string, onBlock: (b: AddedBlock) => void, signal?: AbortSignal): Promise<GitScanStats> {
  const args = ['-c', 'core.quotepath=off', 'log', '--all', '--reverse', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-renames', '--format=\x01%H\x02%an <%ae>\x02%aI'];
  const child = spawn('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString();
  });
  const spawnError = new Promise<never>((_, reject) =>
    child.on('error', (err) => reject(new ToolError('E_INPUT_INVALID', `cannot run git: ${(err as NodeJS.ErrnoException).code ?? err.message}`, { cause: err }))),
  );
  const onAbort = () => child.kill();
  signal?.addEventListener('abort', onAbort, { once: true });
  const stats: GitScanStats = { commits: 0, bytes: 0 };
  let commit = '';
  let author = '';
  let date = '';
  let file: string | undefined;
  let inHeader = false;
  let newLine = 0;
  let buf: string[] = [];
  let nums: number[] = [];
  const flush = () => {
    if (file !== undefined && buf.length > 0) onBlock({ commit, author, date, file, text: buf.join('\n'), lines: nums });
    buf = [];
    nums = [];
  };
  const handle = (line: string) => {
    const c = line.charCodeAt(0);
    if (c === 1) {
      flush();
      file = undefined;
      const [h, a, d] = line.slice(1).split('\x02');
      commit = h ?? '';
      author = a ?? '';
      date = d ?? '';
      stats.commits++;
    } else if (c === 100 /* d */ && line.startsWith('diff --git ')) {
      flush();
      file = undefined;
      inHeader = true;
    } else if (inHeader && line.startsWith('+++ ')) {
      const p = line.slice(4);
      file = p === '/dev/null' ? undefined : p.replace(/^b\//, '').replace(/^"(.*)"$/, '$1');
    } else if (c === 64 /* @ */ && line.startsWith('@@')) {
      inHeader = false;
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(line);
      newLine = m ? Number(m[1]) : 0;
    } else if (!inHeader && c === 43 /* + */) {
      buf.push(line.slice(1));
      nums.push(newLine++);
    }
  };
  // Lines are split by hand from large chunks (readline's per-line promises cost more than the scan).
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const reading = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stats.bytes += chunk.length;
      const text = rest + decoder.write(chunk);
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        handle(text.slice(from, nl));
        from = nl + 1;
      }
      rest = text.slice(from);
    });
    child.stdout.on('end', () => {
      const tail = rest + decoder.end();
      if (tail.length > 0) handle(tail);
      flush();
      resolve();
    });
    child.stdout.on('error', reject);
  });
  const exit = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 0)));
  await Promise.race([reading, spawnError]);
  const code = await Promise.race([exit, spawnError]);
  signal?.removeEventListener('abort', onAbort);
  if (code !== 0 && !signal?.aborted) {
    const first = stderr.split('\n')[0] ?? '';
    if (/not a git repository/i.test(stderr)) throw new ToolError('E_INPUT_INVALID', `${dir} is not inside a git repository (--git needs one)`, { position: { file: dir } });
    if (/does not have any commits/i.test(stderr)) return stats;
    throw new ToolError('E_INPUT_INVALID', `git log failed in ${dir}: ${first}`, { position: { file: dir } });
  }
  return stats;
}
