import { defineCodeCheck, taintReport } from '../define.js';

const MODEL = /^(db\.)?(\w*[Cc]ollection\w*|[A-Z]\w*|\w+\.collection\(\)|db\.\w+|mongo\.\w+|collection|coll|users|posts|\w+Model|\w+_collection)\.\w+$/;

export default defineCodeCheck({
  kind: 'taint',
  meta: {
    id: 'code/nosql-injection',
    title: 'NoSQL query object taken from request input',
    severity: 'high',
    confidence: 'medium',
    domain: 'injection',
    owasp: [],
    cwe: ['CWE-943'],
    description: 'A request value that may be an object (JSON body or nested query string) is used as, or inside, a MongoDB/Mongoose query, so `{"$ne": null}` or `$where` operators change the query; or request input reaches a `$where` JavaScript clause.',
    remediation: 'Convert values to the type you expect (String(x), Number(x)), validate the body with a schema, or use mongo-sanitize / express-mongo-sanitize to strip `$` keys; never build `$where` from input.',
    references: ['https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection', 'https://cwe.mitre.org/data/definitions/943.html'],
    messages: { tainted: '{source} may be an object with query operators and is used in the query of {sink}.' },
  },
  sanitisers: ['numeric conversion', 'String()/str() and template strings (they make a string)', 'schema validation (zod, joi, pydantic, marshmallow)', 'mongo-sanitize', 'allow-list checks'],
  sinks: [
    { kind: 'nosql', what: 'NoSQL query', names: ['find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'count', 'find_one', 'update_one', 'update_many', 'delete_one', 'delete_many', 'count_documents', 'find_one_and_update', 'where', 'aggregate', 'exists'], callee: MODEL, args: [0] },
  ],
  accept: (hit) => taintReport(hit, 'tainted'),
});
