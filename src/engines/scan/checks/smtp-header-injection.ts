import { injectionScanCheck } from '../injection/adapter.js';
import { defineInjectionCheck, type PointContext } from '../injection/check.js';
import { applyMutation, describePoint } from '../injection/points.js';
import { toEvidence, type Exchange } from '../injection/probe.js';
import type { Interaction } from '../oob/client.js';

const meta = {
  id: 'scan/smtp-header-injection',
  title: 'SMTP header injection',
  severity: 'high',
  confidence: 'high',
  domain: 'injection',
  owasp: [],
  cwe: ['CWE-93', 'CWE-147'],
  description:
    'Sends email-like parameters carrying a line break and a `Bcc:` header naming a unique address of the out-of-band SMTP sink; mail that reaches that address proves the injection. Without the sink, SMTP error replies provoked by the line break are reported with lower confidence.',
  remediation:
    'Validate addresses with a strict parser and reject CR and LF in every value that goes into a mail header; use a mail library that encodes headers instead of building the message text yourself.',
  references: [
    'https://cwe.mitre.org/data/definitions/93.html',
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/10-Testing_for_IMAP_SMTP_Injection',
  ],
  messages: {
    mailInjected: '{place} is written into a mail header unencoded: an injected Bcc made the application send mail to the listener ({evidence}).',
    smtpError: '{place} reaches an SMTP conversation unencoded: a line break in it produced the SMTP error "{error}".',
  },
} as const;

const MAIL_NAMES = /mail|from|to$|reply|cc|sender|recipient|subject|contact/i;
const SMTP_ERROR = /\b(?:5[0-5]\d[ -]5\.\d\.\d{1,3}\b[^\n"]{0,80}|(?:SMTP|RCPT TO|MAIL FROM)[^\n"]{0,40}(?:error|rejected|syntax|invalid)[^\n"]{0,60}|Syntax error(?:,)? command unrecognized)/i;

function proof(interactions: readonly Interaction[], token: string): string | undefined {
  for (const i of interactions) {
    if (i.protocol !== 'smtp' || !i.smtp) continue;
    if (i.smtp.rcpt.some((r) => r.toLowerCase().includes(token))) return 'envelope recipient';
    if (i.smtp.headers.split(/\r?\n/).some((l) => /^(?:bcc|cc|to):/i.test(l) && l.toLowerCase().includes(token))) return 'injected header line';
  }
  return undefined;
}

async function viaSink(ctx: PointContext) {
  const oob = ctx.oob!;
  // Both line-break forms go out first; then one wait covers both tokens.
  const sent = [];
  for (const nl of ['\r\n', '\n']) {
    const t = oob.newToken();
    const payload = `${ctx.point.original}${nl}Bcc: ${t.email}`;
    const ex = await ctx.prober.send(applyMutation(ctx.base, ctx.point, { kind: 'value', value: payload }));
    sent.push({ t, payload, ex });
  }
  for (const [i, { t, payload, ex }] of sent.entries()) {
    const seen = await oob.wait(t.token, i === 0 ? (ctx.options.oobWaitMs ?? 3000) : 0);
    const how = proof(seen, t.token);
    if (!how) continue;
    const interaction = seen.find((x) => x.protocol === 'smtp')!;
    return {
      messageId: 'mailInjected',
      data: { place: describePoint(ctx.point), evidence: how },
      title: `SMTP header injection in ${describePoint(ctx.point)}`,
      evidence: {
        summary: `Mail reached the out-of-band sink for the injected Bcc address (${how}): ${interaction.summary}`,
        payload: JSON.stringify(payload),
        exchanges: [toEvidence(ex, 'probe')],
        data: { interaction: { protocol: interaction.protocol, summary: interaction.summary, from: interaction.from, headers: interaction.smtp?.headers.slice(0, 512) } },
      },
    };
  }
  return undefined;
}

async function viaErrors(ctx: PointContext) {
  const baseline = await ctx.prober.must(ctx.base);
  if (SMTP_ERROR.test(baseline.outcome.body)) return undefined;
  const hits: { ex: Exchange; error: string; payload: string }[] = [];
  for (const line of ['RCPT TO:<rmp', 'X-Rmp:(']) {
    const payload = `${ctx.point.original}\r\n${line}`;
    const ex = await ctx.prober.must(applyMutation(ctx.base, ctx.point, { kind: 'value', value: payload }));
    const m = SMTP_ERROR.exec(ex.outcome.body);
    if (!m) return undefined;
    hits.push({ ex, error: m[0].trim(), payload });
  }
  const h = hits[0]!;
  return {
    messageId: 'smtpError',
    data: { place: describePoint(ctx.point), error: h.error },
    title: `SMTP header injection in ${describePoint(ctx.point)}`,
    confidence: 'medium' as const,
    evidence: {
      summary: `Line breaks in the value produced SMTP error replies, absent from the unmodified response.`,
      payload: JSON.stringify(h.payload),
      exchanges: [toEvidence(h.ex, 'probe', h.error), toEvidence(hits[1]!.ex, 'confirmation', hits[1]!.error), toEvidence(baseline, 'control')],
    },
  };
}

export default injectionScanCheck(
  defineInjectionCheck({
  meta,
  places: ['query', 'body', 'form', 'multipart'],
  accepts: (p) => (p.jsonType === undefined || p.jsonType === 'string') && (MAIL_NAMES.test(p.name) || p.original.includes('@')),
  async testPoint(ctx) {
    if (ctx.oob?.hasSmtp) {
      const r = await viaSink(ctx);
      if (r) return r;
    }
    return viaErrors(ctx);
  },
}),
);
