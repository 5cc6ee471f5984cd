import type { HttpResponse } from '../../../http/types.js';
import { configuredLoginOperation, guessTarget, loginBody, median } from '../authz/common.js';
import { defineScanCheck } from '../define.js';

const meta = {
  id: 'scan/no-brute-force-protection',
  title: 'Login has no protection against password guessing',
  severity: 'medium',
  confidence: 'high',
  domain: 'authentication',
  owasp: ['API2:2023', 'API4:2023'],
  cwe: ['CWE-307'],
  description:
    'Sends a bounded number (option `attempts`, default 30) of wrong passwords for one account to the login operation (found from the spec, or named in the `operation` option) and looks for any defence: a 429 or 423, a Retry-After header, a lockout or CAPTCHA message, a changed answer, or a growing delay. None at all is a finding. The account is a configured identity\'s (or the `username` option); it may be locked afterwards by a protected server.',
  remediation:
    'Limit failed logins per account and per source (progressive delays, temporary lockout, CAPTCHA after a few failures), answer 429 with Retry-After, and alert on bursts. Keep the limit on every authentication route, including token and password-reset endpoints.',
  references: [
    'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
    'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks',
    'https://cwe.mitre.org/data/definitions/307.html',
  ],
  messages: {
    unlimited: '{attempts} wrong passwords for one account at {method} {path} met no rate limit, lockout, CAPTCHA or delay.',
  },
} as const;

const DEFENCE_WORDS = /too many|rate.?limit|locked|lockout|try again later|temporarily|captcha|slow down|blocked|throttl/i;

/** A defence signal in one answer, or undefined. Pure. */
export function defenceSignal(res: Pick<HttpResponse, 'status' | 'headers' | 'body'>, first: Pick<HttpResponse, 'status'>): string | undefined {
  if (res.status === 429 || res.status === 423 || res.status === 503) return `status ${res.status}`;
  if (res.headers['retry-after']) return 'Retry-After header';
  if (res.headers['x-ratelimit-remaining'] === '0' || res.headers['ratelimit-remaining'] === '0') return 'rate-limit headers at zero';
  if (DEFENCE_WORDS.test(res.body.slice(0, 2000))) return 'a lockout or rate-limit message';
  if (res.status !== first.status && res.status !== 0) return `status changed from ${first.status} to ${res.status}`;
  return undefined;
}

export default defineScanCheck({
  meta,
  scope: 'target',
  // Last: a protected server may lock the account it guesses for.
  exclusive: 'last',
  plan: () => ({ requests: 31, writes: true }),
  async run(ctx, report) {
    const op = configuredLoginOperation(ctx);
    if (!op) return;
    const username = guessTarget(ctx);
    if (!username) {
      ctx.notify('note', 'login-account-unknown', `scan/no-brute-force-protection needs an account name (a login identity, or the username option) to test ${op.method} ${op.path}.`);
      return;
    }
    const attempts = Math.max(5, Math.min(200, Number(ctx.options.attempts ?? 30)));
    const times: number[] = [];
    let first: HttpResponse | undefined;
    let last: HttpResponse | undefined;
    for (let i = 0; i < attempts; i++) {
      const body = loginBody(ctx, op, username, `rampart-wrong-${i}-${Math.floor(ctx.random() * 1e9)}`);
      if (!body) return;
      const res = await ctx.send(ctx.request(op, { identity: 'anonymous', body }));
      if (res.status === 0) {
        ctx.notify('warning', 'probe-inconclusive', `scan/no-brute-force-protection: ${op.method} ${op.path} failed after ${i} attempts (${res.error?.message ?? 'no answer'}); inconclusive.`);
        return;
      }
      if (res.status >= 200 && res.status < 300) return; // a wrong password that logs in is another problem, not this one
      first ??= res;
      last = res;
      const signal = defenceSignal(res, first);
      if (signal) return;
      times.push(res.timeMs);
    }
    const early = median(times.slice(0, 5));
    const late = median(times.slice(-5));
    if (late > early * 3 + 200) return; // growing delay: a defence
    report({
      op,
      messageId: 'unlimited',
      data: { attempts, method: op.method, path: op.path },
      summary: `${attempts} attempts for ${username}: every answer ${first?.status}, median time ${early} ms at the start and ${late} ms at the end.`,
      exchanges: [
        { response: first!, label: 'attempt 1' },
        { response: last!, label: `attempt ${attempts}` },
      ],
      facts: { attempts, account: username, firstMedianMs: early, lastMedianMs: late },
    });
  },
});
