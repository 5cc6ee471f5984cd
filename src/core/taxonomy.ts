/** OWASP API Security Top 10 (2023): the ids findings may carry, and their names. */
export const OWASP_API_2023: Readonly<Record<string, string>> = {
  'API1:2023': 'Broken Object Level Authorization',
  'API2:2023': 'Broken Authentication',
  'API3:2023': 'Broken Object Property Level Authorization',
  'API4:2023': 'Unrestricted Resource Consumption',
  'API5:2023': 'Broken Function Level Authorization',
  'API6:2023': 'Unrestricted Access to Sensitive Business Flows',
  'API7:2023': 'Server Side Request Forgery',
  'API8:2023': 'Security Misconfiguration',
  'API9:2023': 'Improper Inventory Management',
  'API10:2023': 'Unsafe Consumption of APIs',
};

/** True for a known OWASP API 2023 id. */
export function isOwaspId(id: string): boolean {
  return Object.hasOwn(OWASP_API_2023, id);
}

/** True for a syntactically valid CWE id such as `CWE-89`. */
export function isCweId(id: string): boolean {
  return /^CWE-[1-9]\d{0,4}$/.test(id);
}

/** The web page of a CWE entry. */
export function cweUrl(id: string): string {
  return `https://cwe.mitre.org/data/definitions/${id.replace(/^CWE-/, '')}.html`;
}
