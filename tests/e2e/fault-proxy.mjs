// A small HTTP proxy in front of the real pouchdb-server, for the faults a test cannot cause
// otherwise: answer 500, hang (the client must time out), drop the connection in the middle of
// a response, answer `_bulk_docs` with 202, refuse single documents of a `_bulk_docs`, and
// check the Authorization header (Bearer tokens, which pouchdb-server does not know).
//
//   const proxy = await startFaultProxy(couch.url);
//   proxy.fail({ path: /_changes/, times: 2, fault: 'status', status: 500 });
//   ... proxy.log: [{ method, path, since, status, fault, lastSeq (of a _changes page) }]
//
// Every request is logged (faulty ones included); rules are tried in order, each `times` times
// (Infinity by default). Answers the proxy makes up carry CORS headers like pouchdb-server's.
import http from 'node:http';

function cors(req) {
  const origin = req.headers.origin;
  return origin ? {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': 'content-type, cache-control, accept-ranges, etag, server, x-couch-request-id',
  } : {};
}

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Forwards a request to the target; resolves with { status, headers, body } (whole body). */
function forward(target, req, body) {
  const url = new URL(req.url, target);
  const headers = { ...req.headers, host: url.host };
  if (body) headers['content-length'] = String(body.length);
  delete headers['transfer-encoding'];
  // Plain bodies, so the proxy can read `_changes` pages and cut responses anywhere.
  delete headers['accept-encoding'];
  return new Promise((resolve, reject) => {
    const out = http.request(url, { method: req.method, headers }, async (res) => {
      try {
        resolve({ status: res.statusCode, headers: res.headers, body: await readBody(res) });
      } catch (e) {
        reject(e);
      }
    });
    out.on('error', reject);
    out.end(body);
  });
}

function send(res, status, headers, body) {
  const h = { ...headers };
  delete h['content-length'];
  delete h['transfer-encoding'];
  res.writeHead(status, { ...h, 'content-length': String(body.length) });
  res.end(body);
}

/**
 * Starts the proxy in front of `target` (e.g. `http://127.0.0.1:5984`).
 * Rules: `{ method?, path?: RegExp, when?: (URL) => bool, times?, fault, ... }` with `fault`
 * one of
 * - `'status'` (`status`, default 500): answer it without forwarding;
 * - `'hang'`: never answer (the socket stays open until the client gives up);
 * - `'drop'`: forward, then write the headers and half the body and destroy the socket;
 * - `'garble'`: forward, then answer with the body's first byte changed (same length: a
 *   download damaged on the way that no transport layer notices);
 * - `'cut'`: the request is cut halfway: the server gets the headers (announcing the whole
 *   body) and half the body, then both connections close (an upload cut by a lost signal);
 * - `'accepted'`: forward, answer 202 instead of 201;
 * - `'refuse'` (`refuse(doc) → reason | null`): forward `_bulk_docs` without the refused
 *   documents and answer a per-document `forbidden` error for each of them.
 * `auth` (`expected` header value): requests (but CORS preflights) without exactly that
 * Authorization header get 401, like CouchDB.
 */
export async function startFaultProxy(target) {
  const rules = [];
  const log = [];
  let expectedAuth = null;
  let forwardAs = null;
  const sockets = new Set();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://proxy');
    const entry = {
      method: req.method,
      path: url.pathname,
      since: url.searchParams.get('since'),
      authorization: req.headers.authorization ?? null,
      status: null,
      fault: null,
      at: Date.now(),
    };
    log.push(entry);
    try {
      const body = await readBody(req);
      if (req.method === 'OPTIONS') {
        const r = await forward(target, req, body);
        entry.status = r.status;
        return send(res, r.status, r.headers, r.body);
      }
      if (expectedAuth !== null && req.headers.authorization !== expectedAuth) {
        entry.status = 401;
        entry.fault = 'auth';
        return send(res, 401, { 'content-type': 'application/json', ...cors(req) },
          Buffer.from(JSON.stringify({ error: 'unauthorized', reason: 'Name or password is incorrect.' })));
      }
      if (forwardAs !== null) req.headers.authorization = forwardAs;
      const rule = rules.find((r) => r.times > 0
        && (!r.method || r.method === req.method)
        && (!r.path || r.path.test(url.pathname))
        && (!r.when || r.when(url)));
      if (rule) {
        rule.times -= 1;
        entry.fault = rule.fault;
      }
      switch (rule?.fault) {
        case 'status': {
          entry.status = rule.status ?? 500;
          return send(res, entry.status, { 'content-type': 'application/json', ...cors(req) },
            Buffer.from(JSON.stringify({ error: 'internal_server_error', reason: 'injected by the fault proxy' })));
        }
        case 'hang':
          entry.status = 'hang';
          return undefined; // never answered
        case 'drop': {
          const r = await forward(target, req, body);
          entry.status = 'drop';
          const h = { ...r.headers };
          delete h['transfer-encoding'];
          res.writeHead(r.status, { ...h, 'content-length': String(r.body.length) });
          res.write(r.body.subarray(0, Math.floor(r.body.length / 2)));
          setTimeout(() => res.socket?.destroy(), 50);
          return undefined;
        }
        case 'garble': {
          const r = await forward(target, req, body);
          entry.status = 'garble';
          const damaged = Buffer.from(r.body);
          if (damaged.length) damaged[0] ^= 0xff;
          return send(res, r.status, r.headers, damaged);
        }
        case 'cut': {
          entry.status = 'cut';
          const to = new URL(req.url, target);
          const headers = { ...req.headers, host: to.host, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          const out = http.request(to, { method: req.method, headers });
          out.on('error', () => {});
          out.write(body.subarray(0, Math.floor(body.length / 2)));
          setTimeout(() => { out.destroy(); res.socket?.destroy(); }, 100);
          return undefined;
        }
        case 'refuse': {
          const { docs } = JSON.parse(body.toString('utf8'));
          const refused = new Map();
          for (const doc of docs) {
            const reason = rule.refuse(doc);
            if (reason) refused.set(doc._id, reason);
          }
          const kept = Buffer.from(JSON.stringify({ docs: docs.filter((d) => !refused.has(d._id)) }));
          const r = await forward(target, req, kept);
          const results = r.status < 300 ? JSON.parse(r.body.toString('utf8')) : null;
          entry.status = r.status;
          if (!results) return send(res, r.status, r.headers, r.body);
          for (const [id, reason] of refused) results.push({ id, error: 'forbidden', reason });
          return send(res, r.status, r.headers, Buffer.from(JSON.stringify(results)));
        }
        default: {
          const r = await forward(target, req, body);
          entry.status = rule?.fault === 'accepted' && r.status === 201 ? 202 : r.status;
          if (url.pathname.endsWith('/_changes') && r.status === 200) {
            try {
              const page = JSON.parse(r.body.toString('utf8'));
              entry.lastSeq = JSON.stringify(page.last_seq);
              entry.rows = page.results.length;
            } catch { /* logged as is */ }
          }
          return send(res, entry.status, r.headers, r.body);
        }
      }
    } catch (e) {
      entry.status = 'proxy-error';
      entry.error = String(e);
      res.destroy();
      return undefined;
    }
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    /** Adds a fault rule (see above) and returns it: set its `times` to 0 to lift it. */
    fail(rule) {
      const added = { times: Infinity, ...rule };
      rules.push(added);
      return added;
    },
    /** Removes every fault rule (requests are forwarded untouched again). */
    heal() { rules.length = 0; },
    /**
     * Requires this exact Authorization header from now on (`null`: no check); with
     * `forwardAs`, the accepted requests reach the server with that header instead (a gateway
     * that maps tokens to the server's own users).
     */
    requireAuth(value, options = {}) {
      expectedAuth = value;
      forwardAs = options.forwardAs ?? null;
    },
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
