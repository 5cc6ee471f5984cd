import { defineCodeCheck, taintReport } from '../define.js';

export default defineCodeCheck({
  kind: 'taint',
  meta: {
    id: 'code/smtp-header-injection',
    title: 'Mail headers built from request input',
    severity: 'medium',
    confidence: 'medium',
    domain: 'injection',
    owasp: [],
    cwe: ['CWE-93'],
    description: 'Request input is written into a raw SMTP message or its headers (smtplib sendmail/send_message with a built message, raw nodemailer messages), so a line break adds Bcc or other headers.',
    remediation: 'Build mail with an API that encodes headers (email.message.EmailMessage, nodemailer address objects), and reject line breaks in any input placed in a header.',
    references: ['https://owasp.org/www-community/attacks/Email_Injection', 'https://cwe.mitre.org/data/definitions/93.html'],
    messages: { tainted: '{source} is written into the raw mail message sent by {sink}.' },
  },
  sanitisers: ['numeric conversion', 'URL encoding', 'functions that strip line breaks (stripNewlines, removeCRLF)', 'allow-list checks'],
  sinks: [
    { kind: 'smtp', what: 'raw mail message', names: ['sendmail'], callee: /(smtp|server|s|conn|mail\w*)\.sendmail$/i, args: [0, 1, 2], langs: ['py'] },
    { kind: 'smtp', what: 'raw mail message', names: ['sendMail'], callee: /sendMail$/, args: [0], when: (c) => c.args[0]?.k === 'obj' && c.args[0].props.some((p) => p.key === 'raw' || p.key === 'headers'), langs: ['js'] },
  ],
  accept: (hit) => taintReport(hit, 'tainted'),
});
