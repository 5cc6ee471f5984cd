import { defineCodeCheck, taintReport } from '../define.js';
import { SQL_SINKS } from '../taint/sql-sinks.js';

export default defineCodeCheck({
  kind: 'taint',
  meta: {
    id: 'code/sql-injection',
    title: 'SQL query built from request input',
    severity: 'critical',
    confidence: 'high',
    domain: 'injection',
    owasp: [],
    cwe: ['CWE-89'],
    description: 'Request input reaches the text of a raw SQL query (sqlite3, better-sqlite3, pg, mysql2, knex.raw, Sequelize/TypeORM/Prisma raw queries, DB-API execute, SQLAlchemy text) instead of being bound as a parameter.',
    remediation: 'Use placeholders and pass the values separately (`db.query("... WHERE id = $1", [id])`, `cursor.execute("... = %s", (id,))`), or the query builder; never concatenate input into SQL.',
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Query_Parameterization_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/89.html'],
    messages: { tainted: '{source} is built into the SQL text passed to {sink}; bind it as a query parameter instead.' },
  },
  sanitisers: ['numeric conversion (Number, parseInt, int(), float(), a route converter such as <int:id>)', 'SQL escaping (mysql.escape, escapeLiteral, pg-format)', 'allow-list checks (includes/in) that reject other values', 'placeholders with separate arguments (not tainted SQL text)'],
  sinks: SQL_SINKS,
  accept: (hit) => taintReport(hit, 'tainted'),
});
