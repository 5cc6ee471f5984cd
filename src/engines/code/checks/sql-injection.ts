import { defineCodeCheck, taintReport } from '../define.js';

const DB_RECEIVER = /(^|\.)(db|database|conn|connection|sqlite|client|pool|knex|trx|tx|sequelize|cursor|cur|con|session|engine|store|repo\w*|manager|dataSource|entityManager|prisma|queryRunner|pg|mysql)$/i;

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
  sinks: [
    { kind: 'sql', what: 'SQL query', names: ['query', 'execute', 'exec', 'prepare', 'run', 'all', 'get', 'each', 'iterate'], callee: DB_RECEIVER_CALL(), args: [0], langs: ['js'] },
    { kind: 'sql', what: 'SQL query', names: ['raw', 'whereRaw', 'orWhereRaw', 'havingRaw', 'orderByRaw', 'joinRaw', 'selectRaw', 'fromRaw', 'groupByRaw'], args: [0], langs: ['js'] },
    { kind: 'sql', what: 'SQL query', names: ['$queryRawUnsafe', '$executeRawUnsafe', 'literal'], callee: /(prisma|\$queryRawUnsafe|\$executeRawUnsafe|Sequelize\.literal|sequelize\.literal)/, args: [0], langs: ['js'] },
    { kind: 'sql', what: 'SQL query', names: ['execute', 'executemany', 'executescript', 'exec_driver_sql', 'raw', 'extra', 'mogrify'], args: [0], langs: ['py'] },
    { kind: 'sql', what: 'SQL text', names: ['text'], callee: /^(text|sqlalchemy\.text|sa\.text|sql\.text)$/, args: [0], langs: ['py'] },
    { kind: 'sql', what: 'SQL query', names: ['read_sql', 'read_sql_query'], args: [0], langs: ['py'] },
  ],
  accept: (hit) => taintReport(hit, 'tainted'),
});

function DB_RECEIVER_CALL(): RegExp {
  return new RegExp(`${DB_RECEIVER.source.replace(/\$$/, '')}(\\(\\))?\\.(query|execute|exec|prepare|run|all|get|each|iterate)$`, 'i');
}
