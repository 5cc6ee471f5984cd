import { excerpt, maskSecret, redactText } from '../../core/mask.js';

const KEY_VALUE = /((?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|authorization|credential|session|cookie)[\w-]*\\?["']?\s*[:=]\s*\\?["']?(?:(?:bearer|basic|token|apikey)\s+)?)([^"'\\&\s,;}]{4,})/gi;

/** A log line fit for a report: passwords, API keys, tokens and JWTs masked, length capped. */
export function maskLine(line: string): string {
  return excerpt(redactText(line.replace(KEY_VALUE, (_m, prefix: string, value: string) => `${prefix}${maskSecret(value)}`)), 600);
}
