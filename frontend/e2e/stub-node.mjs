// A stand-in for the gateway + one workspace node, implementing the session-3 contract of the node's files and
// terminal APIs in memory (a toy shell: `cat <file>`, `echo <text>`), so the IDE's browser behaviour (editor, save,
// 412 conflict, terminal reconnect and replay) can be tested without the real stack. It serves the built app
// (dist/ or AICOCKPIT_FRONTEND_OUT) with the gateway's CSP. Not a substitute for WebIdeSystemIT.
import { createServer } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';
import { WebSocketServer } from 'ws';
import { AI_SAY } from './ai-steps.mjs';

export const WORKSPACE_ID = '5f0c6a4e-1b2c-4d3e-8f90-123456789abc';
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf', '.png': 'image/png' };
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
  + "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-src 'none'; object-src 'none'; "
  + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export function startStub({ dist, port = 0 }) {
  const files = new Map(); // path -> Buffer
  const dirs = new Set(['']);
  const changeStreams = new Set();
  let rejectTokens = false;
  const terminals = new Map(); // id -> { buffer: string, sockets: Set, line: string }
  const etag = (b) => `"${createHash('sha256').update(b).digest('hex')}"`;
  const workspace = { id: WORKSPACE_ID, tenantId: 'stub', name: 'stub-ws', stackId: 'busybox', status: 'RUNNING',
    nodeId: 'stub-node', version: 1, limits: { memoryBytes: 64 << 20, swapBytes: 0, nanoCpus: 5e8, pids: 64 } };

  const emit = (type, path) => {
    for (const res of changeStreams) res.write(`event: change\ndata: ${JSON.stringify({ type, path })}\n\n`);
  };
  const problem = (res, status, kind, detail, headers = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/problem+json', ...headers });
    res.end(JSON.stringify({ type: `urn:aicockpit:problem:${kind}`, title: kind, status, detail, requestId: 'stub' }));
  };
  const json = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const parent = (p) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
  const body = (req) => new Promise((r) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => r(Buffer.concat(chunks)));
  });

  // the AI assist endpoints as ai-worker serves them, answering like the stub upstream with `fenced;say=AI_SAY`
  const suggestions = new Map();
  const stream = async (res, events, delayMs = 60) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    for (const [event, data] of events) {
      if (res.destroyed) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      await new Promise((r) => setTimeout(r, delayMs));
    }
    res.end();
  };
  const pieces = (text, n = 6) => Array.from({ length: n }, (_, i) =>
    ['delta', { text: text.slice(Math.floor(text.length * i / n), Math.floor(text.length * (i + 1) / n)) }]);
  const ai = async (req, res, what) => {
    const request = JSON.parse((await body(req)).toString() || '{}');
    if (what === 'chat') {
      const last = request.messages.at(-1).content;
      const mentioned = [...last.matchAll(/(?<![\w@./\\])@(?:"([^"\n]+)"|((?:[\w.-]+\/)*[\w.-]*[\w-]))/g)]
        .map((m) => m[1] ?? m[2]);
      const context = { files: [], missing: [] };
      for (const path of mentioned) {
        const f = files.get(path);
        if (f) context.files.push({ path, size: f.length, bytes: f.length, truncated: false });
        else context.missing.push({ path, reason: 'file-not-found', detail: 'No such file.' });
      }
      const answer = request.model === 'gpt-stub-mini' ? 'tok0 tok1 tok2 ' : `\`\`\`sh\n${AI_SAY}\n\`\`\``;
      return stream(res, [['context', context], ...pieces(answer), ['done', {}]], last.includes('slowly') ? 1500 : 60);
    }
    if (what === 'edit') return stream(res, [...pieces(AI_SAY), ['done', {}]]);
    if (what === 'complete') return json(res, 200, { completion: AI_SAY });
    if (what === 'command') {
      const id = randomUUID();
      suggestions.set(id, AI_SAY.split('\n')[0]);
      return json(res, 200, { id, command: suggestions.get(id), explanation: null, requiresConfirmation: true,
        expiresAt: new Date(Date.now() + 600_000).toISOString() });
    }
    const confirm = /^command\/([^/]+)\/confirm$/.exec(what);
    if (confirm && suggestions.has(confirm[1])) {
      const command = suggestions.get(confirm[1]);
      suggestions.delete(confirm[1]);
      return json(res, 200, { suggestionId: confirm[1], command, typedIntoTerminal: true });
    }
    return problem(res, 404, 'not-found', what);
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://stub');
    const p = url.pathname;
    const base = `/api/v1/workspaces/${WORKSPACE_ID}`;
    if (p.startsWith('/__stub/')) {
      if (p === '/__stub/edit') {
        const path = url.searchParams.get('path');
        files.set(path, Buffer.from(url.searchParams.get('content')));
        emit('modified', path);
      }
      if (p === '/__stub/reject-tokens') rejectTokens = url.searchParams.get('on') === '1';
      if (p === '/__stub/drop-terminals') for (const t of terminals.values()) for (const s of t.sockets) s.terminate();
      res.writeHead(204).end();
      return;
    }
    if (p.startsWith('/api/') || p.startsWith('/v1/')) {
      if (rejectTokens || req.headers.authorization !== 'Bearer stub-token') {
        return problem(res, 401, 'invalid-token', 'The access token is invalid or expired.');
      }
      if (p === '/api/v1/workspaces') return json(res, 200, { items: [workspace], nextCursor: null });
      if (p === base) return json(res, 200, workspace);
      if (p === `${base}/terminals`) {
        return json(res, 200, { items: [...terminals.entries()].map(([terminalId, t]) => ({ terminalId,
          attached: t.sockets.size > 0, cols: 80, rows: 24, createdAt: new Date().toISOString() })) });
      }
      if (p === `${base}/files` && req.method === 'GET') {
        const dir = url.searchParams.get('path') ?? '';
        const entries = [];
        for (const d of dirs) if (d && parent(d) === dir) entries.push({ name: d.split('/').pop(), path: d, type: 'directory', size: 0 });
        for (const [f, b] of files) if (parent(f) === dir) entries.push({ name: f.split('/').pop(), path: f, type: 'file', size: b.length });
        entries.sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type === 'directory' ? -1 : 1));
        return json(res, 200, { path: dir, entries });
      }
      if (p === `${base}/files/changes`) {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
        res.write(': hello\n\n');
        changeStreams.add(res);
        req.on('close', () => changeStreams.delete(res));
        return;
      }
      if (p === `${base}/files/content`) {
        const path = url.searchParams.get('path');
        const current = files.get(path);
        if (req.method === 'GET') {
          if (!current) return problem(res, 404, 'file-not-found', path);
          res.writeHead(200, { 'Content-Type': 'application/octet-stream', ETag: etag(current) });
          res.end(current);
          return;
        }
        if (req.method === 'PUT') {
          const data = await body(req);
          if (req.headers['if-none-match'] === '*' && current) return problem(res, 412, 'file-exists', path);
          if (req.headers['if-match'] && current && req.headers['if-match'] !== etag(current)) {
            return problem(res, 412, 'file-changed', `${path} changed`, { ETag: etag(current) });
          }
          files.set(path, data);
          emit(current ? 'modified' : 'created', path);
          return json(res, current ? 200 : 201, { path, size: data.length, etag: etag(data) }, { ETag: etag(data) });
        }
      }
      if (p === `${base}/files/mkdir` && req.method === 'POST') {
        const { path } = JSON.parse((await body(req)).toString());
        dirs.add(path);
        emit('created', path);
        return json(res, 201, { path });
      }
      // the gateway's view of the caller (the header shows pages by role): a developer
      if (p === '/api/v1/me') return json(res, 200, { subject: 'alice', tenantId: 'stub', roles: ['DEVELOPER'] });
      if (p === '/v1/models') return json(res, 200, { object: 'list', data: [{ id: 'gpt-stub' }, { id: 'gpt-stub-mini' }] });
      if (p.startsWith(`${base}/ai/`) && req.method === 'POST') return ai(req, res, p.slice(base.length + 4));
      return problem(res, 404, 'not-found', p);
    }
    // the app: assets, else index.html (the SPA fallback)
    const root = dist;
    let file = join(root, p);
    if (p === '/' || !existsSync(file) || !extname(p)) file = join(root, 'index.html');
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP });
    res.end(readFileSync(file));
  });

  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) =>
    protocols.has('aicockpit.terminal.v1') ? 'aicockpit.terminal.v1' : false });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url, 'http://stub');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    if (url.pathname !== `/api/v1/workspaces/${WORKSPACE_ID}/terminal` || !offered.includes('bearer.stub-token')) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    let id = url.searchParams.get('terminalId');
    if (id && !terminals.has(id)) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const reattached = !!id;
      if (!id) {
        id = randomUUID();
        terminals.set(id, { buffer: '', sockets: new Set(), line: '' });
      }
      const t = terminals.get(id);
      t.sockets.add(ws);
      ws.send(JSON.stringify({ type: 'session', terminalId: id, replayedBytes: t.buffer.length, reattached }));
      const out = (s) => {
        t.buffer = (t.buffer + s).slice(-256 * 1024);
        for (const x of t.sockets) x.send(Buffer.from(s));
      };
      if (reattached) ws.send(Buffer.from(t.buffer));
      else out('stub$ ');
      ws.on('message', (data, isBinary) => {
        if (!isBinary) {
          const msg = JSON.parse(data.toString());
          if (msg.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
          return;
        }
        for (const ch of data.toString()) {
          if (ch === '\r' || ch === '\n') {
            const cmd = t.line.trim();
            t.line = '';
            let result = '';
            if (cmd.startsWith('cat ')) {
              const f = files.get(cmd.slice(4).trim());
              result = f ? f.toString().replace(/\n/g, '\r\n') + '\r\n' : `cat: ${cmd.slice(4)}: No such file\r\n`;
            } else if (cmd.startsWith('echo ')) {
              result = cmd.slice(5).replace(/\$\(\((\d+)\*(\d+)\)\)/g, (_, a, b) => String(a * b)) + '\r\n';
            }
            else if (cmd) result = `stub: ${cmd}: not found\r\n`;
            out('\r\n' + result + 'stub$ ');
          } else if (ch === '\x7f') {
            if (t.line) {
              t.line = t.line.slice(0, -1);
              out('\b \b');
            }
          } else {
            t.line += ch;
            out(ch);
          }
        }
      });
      ws.on('close', () => t.sockets.delete(ws));
    });
  });

  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => {
      for (const s of changeStreams) s.end();
      for (const c of wss.clients) c.terminate();
      server.closeAllConnections?.();
      server.close(() => r());
    }),
  })));
}
