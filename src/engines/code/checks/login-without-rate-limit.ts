import { defineCodeCheck } from '../define.js';
import { callsOf, dotted } from '../ir.js';
import { hasGuard, routeLabel } from '../route-util.js';

const LOGIN = /(^|\/)(login|signin|sign-in|log-in|authenticate|sessions?|auth\/token|token|otp|mfa\/verify|2fa)(\/|$)/i;

export default defineCodeCheck({
  kind: 'route',
  meta: {
    id: 'code/login-without-rate-limit',
    title: 'Login route without rate limiting',
    severity: 'medium',
    confidence: 'medium',
    domain: 'authentication',
    owasp: ['API4:2023', 'API2:2023'],
    cwe: ['CWE-307'],
    description: 'A sign-in, token or one-time-code route has no rate limiting: no limiter middleware/decorator on the route or the app (express-rate-limit, rate-limiter-flexible, @fastify/rate-limit, Flask-Limiter, slowapi, @nestjs/throttler).',
    remediation: 'Limit attempts per account and per client address on sign-in and token routes (for example express-rate-limit or Flask-Limiter), with back-off or lockout after repeated failures.',
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks', 'https://cwe.mitre.org/data/definitions/307.html'],
    messages: { noLimit: '{route} accepts credentials with no rate limiting, so passwords can be guessed at full speed.' },
  },
  detect(ctx, report) {
    // a limiter applied globally (Flask-Limiter default_limits, app.register(rateLimit), ThrottlerGuard as APP_GUARD)
    let global = false;
    for (const m of ctx.project.modules.values()) {
      const { calls, callees } = callsOf(m);
      for (let i = 0; i < calls.length; i++) {
        const e = calls[i]!;
        const d = callees[i]!;
        if (/^(Limiter|flask_limiter\.Limiter)$/.test(d) && e.kw.some((k) => k.name === 'default_limits')) global = true;
        if (/register$/.test(d) && e.args.some((a) => /rate.?limit/i.test(dotted(a) ?? ''))) global = true;
        if (/^(app\.state\.limiter|app\.add_middleware)$/.test(d) && e.args.some((a) => /SlowAPIMiddleware/.test(dotted(a) ?? ''))) global = true;
      }
      if (m.lines.some((l) => /ThrottlerGuard/.test(l) && /APP_GUARD/.test(m.lines.join('\n')))) global = true;
    }
    if (global) return;
    for (const r of ctx.routes) {
      if (r.method !== 'POST' || !LOGIN.test(r.path) || hasGuard(r, 'ratelimit')) continue;
      report({ messageId: 'noLimit', data: { route: routeLabel(r) }, file: r.file, line: r.line, key: routeLabel(r) });
    }
  },
});
