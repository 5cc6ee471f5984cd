import type { SinkSpec } from './types.js';

const DB_RECEIVER = /(^|\.)(db|database|conn|connection|sqlite|client|pool|knex|trx|tx|sequelize|cursor|cur|con|session|engine|store|repo\w*|manager|dataSource|entityManager|prisma|queryRunner|pg|mysql)$/i;

/** The raw SQL APIs: the argument that is SQL text (used by the SQL injection and mass assignment rules). */
export const SQL_SINKS: readonly SinkSpec[] = [
  { kind: 'sql', what: 'SQL query', names: ['query', 'execute', 'exec', 'prepare', 'run', 'all', 'get', 'each', 'iterate'], callee: DB_RECEIVER_CALL(), args: [0], langs: ['js'] },
  { kind: 'sql', what: 'SQL query', names: ['raw', 'whereRaw', 'orWhereRaw', 'havingRaw', 'orderByRaw', 'joinRaw', 'selectRaw', 'fromRaw', 'groupByRaw'], args: [0], langs: ['js'] },
  { kind: 'sql', what: 'SQL query', names: ['$queryRawUnsafe', '$executeRawUnsafe', 'literal'], callee: /(prisma|\$queryRawUnsafe|\$executeRawUnsafe|Sequelize\.literal|sequelize\.literal)/, args: [0], langs: ['js'] },
  { kind: 'sql', what: 'SQL query', names: ['execute', 'executemany', 'executescript', 'exec_driver_sql', 'raw', 'extra', 'mogrify'], args: [0], langs: ['py'] },
  { kind: 'sql', what: 'SQL text', names: ['text'], callee: /^(text|sqlalchemy\.text|sa\.text|sql\.text)$/, args: [0], langs: ['py'] },
  { kind: 'sql', what: 'SQL query', names: ['read_sql', 'read_sql_query'], args: [0], langs: ['py'] },
];

function DB_RECEIVER_CALL(): RegExp {
  return new RegExp(`${DB_RECEIVER.source.replace(/\$$/, '')}(\\(\\))?\\.(query|execute|exec|prepare|run|all|get|each|iterate)$`, 'i');
}
