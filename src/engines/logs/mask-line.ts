import { excerpt, maskSecret, redactText } from '../../core/mask.js';

const PASSWORD = /((?:pass(?:word|wd|phrase)?|pwd|secret)[\w-]*\\?["']?\s*[:=]\s*\\?["']?)([^"'\\&\s,;}]+)/gi;
const KEY_VALUE = /((?:token|api[_-]?key|authorization|credential|session|cookie)[\w-]*\\?["']?\s*[:=]\s*\\?["']?(?:(?:bearer|basic|token|apikey)\s+)?)([^"'\\&\s,;}]{4,})/gi;

/**
 * A log line fit for a report: passwords and secrets replaced entirely; API keys, tokens and JWTs
 * masked to a short prefix and their length; length capped.
 */
export function maskLine(line: string): string {
  const noPasswords = line.replace(PASSWORD, (_m, prefix: string) => `${prefix}****`);
  return excerpt(redactText(noPasswords.replace(KEY_VALUE, (_m, prefix: string, value: string) => `${prefix}${maskSecret(value)}`)), 600);
}
