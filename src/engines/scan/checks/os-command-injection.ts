import { injectionScanCheck } from '../injection/adapter.js';
import { defineInjectionCheck, type PointContext } from '../injection/check.js';
import { canary } from '../injection/canary.js';
import { confirmDelay } from '../injection/delay.js';
import { applyMutation, describePoint } from '../injection/points.js';
import { toEvidence } from '../injection/probe.js';

const meta = {
  id: 'scan/os-command-injection',
  title: 'OS command injection',
  severity: 'critical',
  confidence: 'high',
  domain: 'injection',
  owasp: [],
  cwe: ['CWE-78'],
  description:
    'Appends shell syntax (`;`, `|`, `$()`, backticks, quotes, newlines) to parameters: an `echo` whose output appears joined (proving a shell ran it) or `sleep`s of two lengths that delay the answer by as much, against controls.',
  remediation:
    'Do not pass input to a shell. Call the program directly with an argument array (execFile/spawn without a shell) and check values against an allow-list; prefer a library over an external command.',
  references: [
    'https://cwe.mitre.org/data/definitions/78.html',
    'https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html',
  ],
  messages: {
    outputBased: '{place} is run by a shell: an injected echo printed {output} (two random canaries confirmed it).',
    timeBased: '{place} is run by a shell: injected sleeps delayed the answer by the requested times (a longer one by more) while the controls stayed fast ({timing}).',
  },
} as const;

/** Shell contexts: how to end the command or quote the value is in, and re-open it after ours. */
const SEPARATORS: readonly ((o: string, cmd: string) => string)[] = [
  (o, c) => `${o};${c};`,
  (o, c) => `${o}|${c}`,
  (o, c) => `${o}$(${c})`,
  (o, c) => `${o}\`${c}\``,
  (o, c) => `${o}';${c};'`,
  (o, c) => `${o}";${c};"`,
  (o, c) => `${o}\n${c}\n`,
  (o, c) => `${o}&&${c}&&`,
];

async function outputBased(ctx: PointContext) {
  for (const sep of SEPARATORS) {
    if (ctx.point.in === 'header' && sep('', '').includes('\n')) continue;
    const tries = [0, 1].map(() => [canary(ctx.random, 6), canary(ctx.random, 6, '')] as const);
    const exchanges = [];
    for (const [a, b] of tries) {
      // The shell joins a''b into ab; a reflection of the payload shows a''b instead.
      const payload = sep(ctx.point.original, `echo ${a}''${b}`);
      const ex = await ctx.prober.must(applyMutation(ctx.base, ctx.point, { kind: 'value', value: payload }));
      if (!ex.outcome.body.includes(`${a}${b}`)) break;
      exchanges.push({ ex, payload, output: `${a}${b}` });
    }
    if (exchanges.length < 2) continue;
    const first = exchanges[0]!;
    return {
      messageId: 'outputBased',
      data: { place: describePoint(ctx.point), output: first.output },
      title: `OS command injection in ${describePoint(ctx.point)}`,
      evidence: {
        summary: `The response contains ${first.output}, which only a shell produces from ${first.payload.trim()}.`,
        payload: first.payload,
        exchanges: [toEvidence(first.ex, 'probe', first.output), toEvidence(exchanges[1]!.ex, 'confirmation', exchanges[1]!.output)],
        data: { technique: 'output-based' },
      },
    };
  }
  return undefined;
}

async function timeBased(ctx: PointContext) {
  const c1 = await ctx.prober.must(ctx.base);
  const c2 = await ctx.prober.must(ctx.base);
  for (const sep of SEPARATORS) {
    if (ctx.point.in === 'header' && sep('', '').includes('\n')) continue;
    const build = (s: number) => applyMutation(ctx.base, ctx.point, { kind: 'value', value: sep(ctx.point.original, `sleep ${s}`) });
    const proof = await confirmDelay(ctx, build, [c1.outcome.timeMs, c2.outcome.timeMs]);
    if (!proof) continue;
    const payload = sep(ctx.point.original, `sleep ${ctx.options.delayS}`);
    return {
      messageId: 'timeBased',
      data: { place: describePoint(ctx.point), timing: proof.reason },
      title: `OS command injection in ${describePoint(ctx.point)}`,
      evidence: {
        summary: `sleep ${ctx.options.delayS}: ${proof.reason}.`,
        payload,
        exchanges: [toEvidence(proof.first, 'probe: delay'), toEvidence(proof.zero, 'control: sleep 0'), toEvidence(proof.again, 'confirmation: delay'), toEvidence(proof.control, 'control')],
        data: { technique: 'time-based', delaySeconds: ctx.options.delayS },
      },
    };
  }
  return undefined;
}

export default injectionScanCheck(
  defineInjectionCheck({
  meta,
  places: ['path', 'query', 'header', 'cookie', 'body', 'form', 'multipart'],
  accepts: (p) => p.jsonType === undefined || p.jsonType === 'string',
  async testPoint(ctx) {
    return (await outputBased(ctx)) ?? (await timeBased(ctx));
  },
}),
);
