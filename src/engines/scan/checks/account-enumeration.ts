import type { HttpResponse } from '../../../http/types.js';
import { volatilePaths } from '../authz/compare.js';
import { flatten, parseJson } from '../authz/compare.js';
import { configuredLoginOperation, guessTarget, loginBody, median } from '../authz/common.js';
import { defineScanCheck } from '../define.js';

const meta = {
  id: 'scan/account-enumeration',
  title: 'Login tells existing accounts from unknown ones',
  severity: 'medium',
  confidence: 'high',
  domain: 'authentication',
  owasp: ['API2:2023'],
  cwe: ['CWE-204'],
  description:
    'Compares the login answers for a known account with a wrong password and for an unknown account, each repeated: a consistent difference in status or body (fields that vary by themselves excluded), or in response time confirmed over several alternating rounds, lets an attacker enumerate accounts before guessing passwords.',
  remediation:
    'Answer every failed login the same way (same status, same message, e.g. "invalid username or password") and take the same time for unknown accounts, for example by verifying against a dummy password hash.',
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#authentication-and-error-messages',
    'https://cwe.mitre.org/data/definitions/204.html',
  ],
  messages: {
    byAnswer: '{method} {path} answers differently for an unknown account ({unknown}) and a wrong password ({known}).',
    byTiming: '{method} {path} answers an unknown account in {unknownMs} ms and a wrong password in {knownMs} ms, consistently.',
  },
} as const;

/** A body with the volatile paths and the submitted values removed, for comparison. */
function normalised(res: HttpResponse, vol: ReadonlySet<string>, strip: readonly string[]): string {
  const j = parseJson(res.body);
  if (j === undefined) {
    let t = res.body;
    for (const s of strip) t = t.split(s).join('<input>');
    return `${res.status}|${t.replace(/\s+/g, ' ').trim()}`;
  }
  const f = [...flatten(j)].filter(([k]) => !vol.has(k)).map(([k, v]) => {
    let val = v;
    for (const s of strip) val = val.split(s).join('<input>');
    return `${k}=${val}`;
  });
  return `${res.status}|${f.sort().join('&')}`;
}

export default defineScanCheck({
  meta,
  scope: 'target',
  // Last: a protected server may lock the account it guesses for.
  exclusive: 'last',
  plan: () => ({ requests: 14, writes: true }),
  async run(ctx, report) {
    const op = configuredLoginOperation(ctx);
    if (!op) return;
    const known = guessTarget(ctx);
    if (!known) return;
    const rnd = () => Math.floor(ctx.random() * 1e9).toString(36);
    const unknownUser = `rampart-nouser-${rnd()}`;
    const send = async (user: string) => {
      const pw = `rampart-wrong-${rnd()}`;
      const body = loginBody(ctx, op, user, pw);
      return { res: body ? await ctx.send(ctx.request(op, { identity: 'anonymous', body })) : undefined, pw };
    };
    const k: { res: HttpResponse; pw: string }[] = [];
    const u: { res: HttpResponse; pw: string }[] = [];
    for (let i = 0; i < 2; i++) {
      const a = await send(known);
      const b = await send(unknownUser);
      if (!a.res || !b.res || a.res.status === 0 || b.res.status === 0) return;
      if (a.res.status === 429 || b.res.status === 429) return; // throttled: answers are not comparable
      k.push(a as { res: HttpResponse; pw: string });
      u.push(b as { res: HttpResponse; pw: string });
    }
    const vol = new Set([...volatilePaths(k[0]!.res.body, k[1]!.res.body), ...volatilePaths(u[0]!.res.body, u[1]!.res.body)]);
    const strip = [known, unknownUser, ...k.map((x) => x.pw), ...u.map((x) => x.pw)];
    const nk = k.map((x) => normalised(x.res, vol, strip));
    const nu = u.map((x) => normalised(x.res, vol, strip));
    const data = { method: op.method, path: op.path };
    if (nk[0] === nk[1] && nu[0] === nu[1] && nk[0] !== nu[0]) {
      report({
        op,
        messageId: 'byAnswer',
        data: { ...data, unknown: `status ${u[0]!.res.status}`, known: `status ${k[0]!.res.status}` },
        exchanges: [
          { response: k[0]!.res, label: 'existing account, wrong password' },
          { response: u[0]!.res, label: 'unknown account' },
        ],
        facts: { account: known },
        key: 'answer',
      });
      return;
    }
    // Timing: alternate the two kinds, several rounds, and require a large, consistent gap.
    const tk: number[] = k.map((x) => x.res.timeMs);
    const tu: number[] = u.map((x) => x.res.timeMs);
    for (let i = 0; i < 5; i++) {
      const a = await send(known);
      const b = await send(unknownUser);
      if (!a.res || !b.res || a.res.status === 0 || b.res.status === 0) return;
      tk.push(a.res.timeMs);
      tu.push(b.res.timeMs);
    }
    const mk = median(tk);
    const mu = median(tu);
    const gap = Math.abs(mk - mu);
    const consistent = tk.every((t, i) => (mk > mu ? t > tu[i]! : t < tu[i]!));
    if (gap >= Math.max(50, 0.5 * Math.min(mk, mu)) && consistent) {
      report({
        op,
        messageId: 'byTiming',
        data: { ...data, unknownMs: Math.round(mu), knownMs: Math.round(mk) },
        confidence: 'medium',
        exchanges: [
          { response: k[0]!.res, label: 'existing account, wrong password' },
          { response: u[0]!.res, label: 'unknown account' },
        ],
        facts: { account: known, knownTimesMs: tk, unknownTimesMs: tu },
        key: 'timing',
      });
    }
  },
});
