import { injectionScanCheck } from '../injection/adapter.js';
import { defineInjectionCheck } from '../injection/check.js';
import { randomInt } from '../injection/canary.js';
import { applyMutation, describePoint } from '../injection/points.js';
import { toEvidence, type Exchange } from '../injection/probe.js';

const meta = {
  id: 'scan/server-side-template-injection',
  title: 'Server-side template injection',
  severity: 'critical',
  confidence: 'high',
  domain: 'injection',
  owasp: [],
  cwe: ['CWE-1336', 'CWE-94'],
  description:
    'Sends arithmetic in the expression syntax of common template engines (`{{a*b}}`, `${a*b}`, `<%= a*b %>`, `#{a*b}`, ...) with random operands; the product in the response, confirmed with a second pair, shows input compiled as a template.',
  remediation:
    'Never build a template from input: keep templates constant and pass input as data to render; if users must write templates, use a logic-less engine in a sandbox.',
  references: [
    'https://cwe.mitre.org/data/definitions/1336.html',
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/18-Testing_for_Server-side_Template_Injection',
  ],
  messages: {
    evaluated: '{place} is compiled as a template ({syntax}, e.g. {engines}): {expression} came back as {product}.',
  },
} as const;

const SYNTAXES: readonly { readonly name: string; readonly engines: string; wrap(e: string): string }[] = [
  { name: '{{ }}', engines: 'Jinja2, Nunjucks, Twig, Liquid', wrap: (e) => `{{${e}}}` },
  { name: '${ }', engines: 'FreeMarker, Velocity, JavaScript template literals, EL', wrap: (e) => `\${${e}}` },
  { name: '<%= %>', engines: 'EJS, ERB', wrap: (e) => `<%= ${e} %>` },
  { name: '#{ }', engines: 'Pug, Ruby interpolation, Thymeleaf', wrap: (e) => `#{${e}}` },
  { name: '{ }', engines: 'Smarty, Dust', wrap: (e) => `{${e}}` },
  { name: '@( )', engines: 'Razor', wrap: (e) => `@(${e})` },
  { name: '[[ ]]', engines: 'Thymeleaf inlining', wrap: (e) => `[[\${${e}}]]` },
];

export default injectionScanCheck(
  defineInjectionCheck({
  meta,
  places: ['path', 'query', 'header', 'cookie', 'body', 'form', 'multipart'],
  accepts: (p) => p.jsonType === undefined || p.jsonType === 'string',
  async testPoint(ctx) {
    const baseline = await ctx.prober.must(ctx.base);
    for (const syn of SYNTAXES) {
      const hits: { ex: Exchange; payload: string; product: string; expression: string }[] = [];
      for (let i = 0; i < 2; i++) {
        const a = randomInt(ctx.random, 1103, 9871);
        const b = randomInt(ctx.random, 1103, 9871);
        const product = String(a * b);
        if (baseline.outcome.body.includes(product)) break;
        const expression = `${a}*${b}`;
        const payload = `${ctx.point.original}${syn.wrap(expression)}`;
        const ex = await ctx.prober.must(applyMutation(ctx.base, ctx.point, { kind: 'value', value: payload }));
        if (!ex.outcome.body.includes(product)) break;
        hits.push({ ex, payload, product, expression });
      }
      if (hits.length < 2) continue;
      const h = hits[0]!;
      return {
        messageId: 'evaluated',
        data: { place: describePoint(ctx.point), syntax: syn.name, engines: syn.engines, expression: h.expression, product: h.product },
        title: `Server-side template injection in ${describePoint(ctx.point)}`,
        evidence: {
          summary: `${h.payload} returned ${h.product}; a second random pair confirmed it (${hits[1]!.expression} = ${hits[1]!.product}).`,
          payload: h.payload,
          exchanges: [toEvidence(h.ex, 'probe', h.product), toEvidence(hits[1]!.ex, 'confirmation', hits[1]!.product), toEvidence(baseline, 'control')],
          data: { syntax: syn.name, engine: syn.engines },
        },
      };
    }
    return undefined;
  },
}),
);
