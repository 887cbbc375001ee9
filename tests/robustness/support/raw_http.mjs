// HTTP/1.1 spoken byte by byte over node:net, for requests no real client would send, with
// every wait bounded; and one ordinary request over node:http with a time limit.
import http from 'node:http';
import net from 'node:net';

// One client connection to the server on 127.0.0.1, keeping all it received.
export class RawConnection {
  #waiters = new Set();

  static async open(port, { timeoutMs }) {
    const connection = new RawConnection(net.connect({ host: '127.0.0.1', port }));
    await connection.waitFor(() => connection.connected || connection.gone, timeoutMs, 'the connection');
    if (!connection.connected) throw new Error(`could not connect to port ${port}: ${connection.error?.message}`);
    return connection;
  }

  constructor(socket) {
    this.socket = socket;
    this.connected = false;
    this.received = Buffer.alloc(0);
    this.ended = false; // the server sent FIN
    this.closed = false;
    this.error = null;
    socket.on('connect', () => {
      this.connected = true;
      this.#notify();
    });
    socket.on('data', (chunk) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.#notify();
    });
    socket.on('end', () => {
      this.ended = true;
      this.#notify();
    });
    socket.on('error', (error) => {
      this.error = error;
      this.#notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.#notify();
    });
  }

  // The server has closed (or reset) the connection, or it broke.
  get gone() {
    return this.ended || this.closed || this.error !== null;
  }

  // The server said something, or hung up.
  get answeredOrGone() {
    return this.received.length > 0 || this.gone;
  }

  #notify() {
    for (const waiter of [...this.#waiters]) waiter();
  }

  // Resolves once `condition()` holds (checked on every socket event); rejects after `ms`. A
  // condition that throws also resolves, so that its caller meets the error itself.
  waitFor(condition, ms, what) {
    const holds = () => {
      try {
        return condition();
      } catch {
        return true;
      }
    };
    if (holds()) return Promise.resolve();
    return new Promise((done, fail) => {
      const check = () => {
        if (!holds()) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        done();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        fail(new Error(`timed out after ${ms} ms waiting for ${what}`));
      }, ms);
      this.#waiters.add(check);
    });
  }

  // Writes `data`; resolves true once the kernel has it, false if the connection is gone
  // (a server that hangs up mid-request is no failure here), and rejects after `ms`.
  write(data, ms) {
    if (this.gone || this.socket.destroyed) return Promise.resolve(false);
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`a ${data.length}-byte write was not taken within ${ms} ms`)), ms);
      this.socket.write(data, (error) => {
        clearTimeout(timer);
        done(!error);
      });
    });
  }

  // The complete responses received so far.
  responses() {
    return parseResponses(this.received, this.gone).responses;
  }

  // Waits for the first response, or for the server to hang up without one:
  // { status, response } or { status: null } (closed without a word).
  async outcome(ms, what = 'an answer or a close') {
    await this.waitFor(() => this.responses().length > 0 || this.gone, ms, what);
    const [response] = this.responses();
    return response ? { status: response.status, response } : { status: null };
  }

  destroy() {
    this.socket.destroy();
  }
}

// Splits `buffer` into the HTTP responses it holds (bodies by Content-Length, as Baton sends
// them). `complete`: nothing more will come, so a body without a length ends there.
export function parseResponses(buffer, complete = false) {
  const responses = [];
  let offset = 0;
  for (;;) {
    const headerEnd = buffer.indexOf('\r\n\r\n', offset);
    if (headerEnd < 0) break;
    const lines = buffer.subarray(offset, headerEnd).toString('latin1').split('\r\n');
    const statusMatch = lines[0].match(/^HTTP\/1\.[01] (\d{3})/);
    if (!statusMatch) throw new Error(`not an HTTP response: ${JSON.stringify(lines[0].slice(0, 200))}`);
    const headers = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const bodyStart = headerEnd + 4;
    const status = Number(statusMatch[1]);
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const chunked = parseChunked(buffer, bodyStart);
      if (!chunked) break;
      responses.push({ status, headers, body: chunked.body.toString('utf8') });
      offset = chunked.end;
      continue;
    }
    const length = headers['content-length'] !== undefined ? Number(headers['content-length']) : null;
    if (length === null && !complete) break;
    const bodyEnd = length === null ? buffer.length : bodyStart + length;
    if (bodyEnd > buffer.length) break;
    responses.push({ status, headers, body: buffer.subarray(bodyStart, bodyEnd).toString('utf8') });
    offset = bodyEnd;
  }
  return { responses, rest: buffer.subarray(offset) };
}

// A chunked body from `start`: { body, end }, or null while incomplete.
function parseChunked(buffer, start) {
  const pieces = [];
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return null;
    const size = parseInt(buffer.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) throw new Error('a chunked answer with a bad chunk size');
    if (size === 0) {
      const end = buffer.indexOf('\r\n\r\n', lineEnd);
      return end < 0 ? null : { body: Buffer.concat(pieces), end: end + 4 };
    }
    if (buffer.length < lineEnd + 2 + size + 2) return null;
    pieces.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

// Sends `head`, then `piece` up to `count` times, then `tail` (if all was sent), stopping as
// soon as the server answers or hangs up, or when `ms` have passed.
// Returns { sentBytes, totalBytes, complete, stoppedBy: 'answer' | 'close' | 'time' | null }.
export async function sendFlood(connection, { head, piece, count, tail = '', ms }) {
  const deadline = Date.now() + ms;
  const totalBytes = Buffer.byteLength(head) + Buffer.byteLength(piece) * count + Buffer.byteLength(tail);
  let sentBytes = 0;
  const stop = () => {
    if (connection.received.length > 0) return 'answer';
    if (connection.gone) return 'close';
    if (Date.now() >= deadline) return 'time';
    return null;
  };
  const parts = function* () {
    yield head;
    for (let i = 0; i < count; i++) yield piece;
    if (tail) yield tail;
  };
  for (const part of parts()) {
    const reason = stop();
    if (reason) return { sentBytes, totalBytes, complete: false, stoppedBy: reason };
    const taken = await connection.write(part, Math.max(1, deadline - Date.now()) + 1_000).catch(() => false);
    if (!taken) return { sentBytes, totalBytes, complete: false, stoppedBy: stop() ?? 'close' };
    sentBytes += Buffer.byteLength(part);
  }
  return { sentBytes, totalBytes, complete: true, stoppedBy: null };
}

// One request on its own connection: { status, headers, body, ms }; rejects after `timeoutMs`.
export function httpRequest(url, { method = 'GET', headers = {}, body, timeoutMs }) {
  return new Promise((done, fail) => {
    const started = performance.now();
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        done({
          status: response.statusCode,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
        });
      });
      response.on('error', fail);
    });
    const timer = setTimeout(
      () => request.destroy(new Error(`${method} ${url} got no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    request.end(body);
  });
}

export async function postJson(url, value, { headers = {}, timeoutMs }) {
  const body = JSON.stringify(value);
  const answer = await httpRequest(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
    timeoutMs,
  });
  return { ...answer, json: answer.body ? JSON.parse(answer.body) : null };
}

// Sends one request (`parts`: a string or Buffer, or several sent in turn) on a connection of
// its own and waits for the answer or a hang-up: { status (null: closed without an answer),
// response, sent }.
export async function exchange(port, parts, { ms, what = 'the request' }) {
  const connection = await RawConnection.open(port, { timeoutMs: ms });
  try {
    const list = Array.isArray(parts) ? parts : [parts];
    const sent = await sendFlood(connection, { head: list[0], piece: '', count: 0, tail: '', ms });
    for (const part of list.slice(1)) {
      if (connection.answeredOrGone) break;
      await connection.write(part, ms);
    }
    const outcome = await connection.outcome(ms, `an answer to ${what}`);
    return { ...outcome, sent };
  } finally {
    connection.destroy();
  }
}
