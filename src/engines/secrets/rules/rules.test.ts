// The rule table: every built-in rule has a synthetic positive (expanded from its `sample`
// template with random characters, generated here, never a real key) that it must find, and a
// negative (the same template with its random parts cut short) that it must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRuleSet } from '../ruleset.js';
import { scanText } from '../scan.js';
import { BUILTIN_RULES } from './rules.js';
import { expandSample, seededRandom } from './sample.js';

const rs = buildRuleSet();

test('at least 150 provider-specific rules, ids unique, all with a sample', () => {
  const provider = BUILTIN_RULES.filter((r) => (r.check ?? 'provider-key') === 'provider-key' || r.check === 'public-key-by-design');
  assert.ok(provider.length >= 150, `only ${provider.length} provider rules`);
  assert.equal(new Set(BUILTIN_RULES.map((r) => r.id)).size, BUILTIN_RULES.length);
  assert.deepEqual(BUILTIN_RULES.filter((r) => !r.sample).map((r) => r.id), []);
  for (const kind of ['private-key', 'jwt', 'connection-string', 'generic-secret']) {
    assert.ok(BUILTIN_RULES.some((r) => r.check === kind), kind);
  }
});

test('every rule finds its generated positive and not its negative', () => {
  const failures: string[] = [];
  BUILTIN_RULES.forEach((rule, i) => {
    for (const seed of [1, 2, 3]) {
      const rand = seededRandom(seed * 1000 + i);
      const positive = expandSample(rule.sample!, rand);
      const text = `// settings\n${positive}\n// end\n`;
      const hits = scanText(text, rs, { path: 'src/settings.conf' });
      const hit = hits.find((h) => h.ruleId === rule.id);
      if (!hit) failures.push(`${rule.id} (seed ${seed}): positive not found; found [${hits.map((h) => h.ruleId).join(', ')}] in ${JSON.stringify(positive.slice(0, 120))}`);
      else if (hit.line < 2 || hit.line > 1 + positive.split('\n').length) failures.push(`${rule.id}: reported on line ${hit.line}, outside the sample`);
      const negative = expandSample(rule.negative ?? rule.sample!, seededRandom(seed * 7 + i), rule.negative === undefined);
      const neg = scanText(`${negative}\n`, rs, { path: 'src/settings.conf' });
      if (neg.some((h) => h.ruleId === rule.id)) failures.push(`${rule.id} (seed ${seed}): negative matched: ${JSON.stringify(negative.slice(0, 120))}`);
    }
  });
  assert.deepEqual(failures, []);
});
