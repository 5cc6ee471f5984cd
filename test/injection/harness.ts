// Runs one injection check against one fixture operation and returns its findings and notifications.
import type { InjectionCheck } from '../../src/engines/scan/injection/check.js';
import { seededRandom } from '../../src/engines/scan/injection/canary.js';
import { Prober } from '../../src/engines/scan/injection/probe.js';
import { runInjectionCheck } from '../../src/engines/scan/injection/runner.js';
import type { ProbeRequest } from '../../src/engines/scan/injection/types.js';
import type { OobClient } from '../../src/engines/scan/oob/client.js';
import { loopbackTransport } from './transport.js';

export async function runCheck(
  unit: InjectionCheck | { readonly injection: InjectionCheck },
  baseUrl: string,
  base: ProbeRequest,
  opts: { oob?: OobClient; delayS?: number; bodyMediaTypes?: string[]; timeoutMs?: number } = {},
) {
  const check = 'injection' in unit ? unit.injection : unit;
  const transport = loopbackTransport(baseUrl, opts.timeoutMs);
  const prober = new Prober(transport);
  const out = await runInjectionCheck(
    check,
    {
      base,
      prober,
      random: seededRandom(42),
      options: { delayS: opts.delayS ?? 1, oobWaitMs: 600 },
      bodyMediaTypes: opts.bodyMediaTypes ?? [],
      ...(opts.oob ? { oob: opts.oob } : {}),
    },
    { method: base.method, path: base.pathTemplate, url: `${baseUrl}${base.pathTemplate}` },
  );
  return { ...out, requests: prober.sent };
}
