import type { Call } from '../ir.js';
import { defineCodeCheck, taintReport } from '../define.js';

// res.sendFile(name, { root }) confines the path to root
const noRoot = (c: Call): boolean => !c.args.some((a) => a.k === 'obj' && a.props.some((p) => p.key === 'root'));

export default defineCodeCheck({
  kind: 'taint',
  meta: {
    id: 'code/path-traversal',
    title: 'File path built from request input',
    severity: 'high',
    confidence: 'high',
    domain: 'injection',
    owasp: [],
    cwe: ['CWE-22'],
    description: 'Request input reaches a file system path (fs.readFile/writeFile/createReadStream/unlink..., res.sendFile/download without a root, open(), send_file, os.remove) so `../` can leave the intended directory.',
    remediation: 'Reduce the input to a base name (path.basename, secure_filename), or resolve it and check that the result starts with the intended directory; prefer send_from_directory or sendFile with a root.',
    references: ['https://owasp.org/www-community/attacks/Path_Traversal', 'https://cwe.mitre.org/data/definitions/22.html'],
    messages: { tainted: '{source} is used as a file path by {sink}.' },
  },
  sanitisers: ['numeric conversion', 'path.basename, os.path.basename, werkzeug secure_filename, safe_join', 'startsWith checks on the resolved path that reject other values', 'allow-list checks', 'res.sendFile with a root option and send_from_directory (not sinks)'],
  sinks: [
    { kind: 'path', what: 'file access', names: ['readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createReadStream', 'createWriteStream', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'readdir', 'readdirSync', 'open', 'openSync', 'stat', 'statSync', 'access', 'rename', 'copyFile'], callee: /^(fs|fsp|fs\.promises|promises|fse|fs\.\w+)\.\w+$|^(readFile|readFileSync|writeFile|writeFileSync|createReadStream|unlink|unlinkSync)$/, args: [0], langs: ['js'] },
    { kind: 'path', what: 'file download', names: ['sendFile', 'download', 'sendfile'], args: [0], when: noRoot, langs: ['js'] },
    { kind: 'path', what: 'file access', names: ['open'], callee: /^(open|io\.open|codecs\.open|aiofiles\.open)$/, args: [0], langs: ['py'] },
    { kind: 'path', what: 'file download', names: ['send_file', 'FileResponse'], callee: /^(send_file|flask\.send_file|FileResponse)$/, args: [0], langs: ['py'] },
    { kind: 'path', what: 'file access', names: ['remove', 'unlink', 'rmtree', 'listdir', 'read_text', 'read_bytes', 'Path'], callee: /^(os\.(remove|unlink|listdir)|shutil\.rmtree|Path|pathlib\.Path)$/, args: [0], langs: ['py'] },
  ],
  accept: (hit) => taintReport(hit, 'tainted'),
});
