// Bodies and their framing: chunk extensions without end, bad chunk sizes, conflicting or huge
// lengths, bodies over the limits, and the LINE webhook's larger limit. Each is refused with the
// fitting 4xx (or cut off), and the server keeps serving within bounded memory.
import assert from 'node:assert/strict';
import { RawConnection, exchange, httpRequest, sendFlood } from './support/raw_http.mjs';
import { assertStillServing, kBounds, serverTest } from './support/server.mjs';

const kSessions = '/api/v1/widget/assistants/asst_demo/sessions';
const kKiB = 1024;
const kMiB = 1024 * 1024;

function post(path, headers, body = '') {
  const lines = Object.entries({ Host: '127.0.0.1', 'Content-Type': 'application/json', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return `POST ${path} HTTP/1.1\r\n${lines}\r\n${body}`;
}

// One request on a fresh server: the answer is `expected`, and then the server still serves.
function refusalTest(name, request, expected) {
  serverTest(name, async (server) => {
    const { status, response } = await exchange(server.port, request, { ms: kBounds.socketMs, what: name });
    assert.equal(status, expected, `${name}: answered ${status} ${response?.body ?? '(closed without an answer)'}`);
    await assertStillServing(server, name);
  });
}

serverTest('a chunk extension of 8 MiB is cut off early, within bounded memory', async (server) => {
  const what = 'an 8 MiB chunk extension';
  const connection = await RawConnection.open(server.port, { timeoutMs: kBounds.socketMs });
  try {
    const flood = await sendFlood(connection, {
      head: post(kSessions, { 'Transfer-Encoding': 'chunked' }) + '2;',
      piece: 'a'.repeat(64 * kKiB),
      count: 128,
      ms: kBounds.testMs / 3,
    });
    assert.notEqual(flood.stoppedBy, 'time', `${what}: neither answered nor closed after ${flood.sentBytes} B`);
    // Left without an end, the extension is over only when the server stops reading it.
    assert.ok(
      !flood.complete,
      `${what}: the server read all ${flood.sentBytes} B of the extension without answering or closing`,
    );
    // The kernel's socket buffers take a little; a server that stops at its read buffer stops
    // the sender well before the end.
    assert.ok(flood.sentBytes <= flood.totalBytes / 2, `${what}: ${flood.sentBytes} B went in before the cut`);
    const { status } = await connection.outcome(kBounds.socketMs, `an answer to ${what}`);
    server.note(`${what}: ${flood.sentBytes} of ${flood.totalBytes} B sent, then ${status ?? 'closed'}`);
    if (status !== null) assert.ok(status >= 400 && status < 500, `${what} got ${status}, not a 4xx`);
  } finally {
    connection.destroy();
  }
  await assertStillServing(server, what);
});

refusalTest(
  'a chunk size that is not hex (zz) gets 400',
  post(kSessions, { 'Transfer-Encoding': 'chunked' }, 'zz\r\n{}\r\n0\r\n\r\n'),
  400,
);
refusalTest(
  'a negative chunk size gets 400',
  post(kSessions, { 'Transfer-Encoding': 'chunked' }, '-2\r\n{}\r\n0\r\n\r\n'),
  400,
);
refusalTest(
  'a chunk size of 2^64 gets 400',
  post(kSessions, { 'Transfer-Encoding': 'chunked' }, '10000000000000000\r\n{}\r\n0\r\n\r\n'),
  400,
);
refusalTest(
  'two different Content-Length headers get 400',
  `POST ${kSessions} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
    'Content-Length: 2\r\nContent-Length: 3\r\n\r\n{} ',
  400,
);
refusalTest(
  'Content-Length with Transfer-Encoding gets 400',
  post(kSessions, { 'Content-Length': '2', 'Transfer-Encoding': 'chunked' }, '2\r\n{}\r\n0\r\n\r\n'),
  400,
);
refusalTest(
  'a Content-Length of 10^18 gets 413',
  post(kSessions, { 'Content-Length': '1000000000000000000' }, '{}'),
  413,
);
refusalTest(
  'a body over 64 KiB gets 413',
  post(kSessions, { 'Content-Length': String(70 * kKiB) }, `{"x":"${'a'.repeat(70 * kKiB - 8)}"}`),
  413,
);
refusalTest(
  'a chunked body over 64 KiB gets 413',
  post(
    kSessions,
    { 'Transfer-Encoding': 'chunked' },
    `${(70 * kKiB).toString(16)}\r\n${'a'.repeat(70 * kKiB)}\r\n0\r\n\r\n`,
  ),
  413,
);

serverTest('Expect: 100-continue with 1 MiB declared gets 413 at once', async (server) => {
  const what = 'Expect: 100-continue with 1 MiB declared';
  // Only the headers: a server that waits for the body instead of answering times out here.
  const { status, response } = await exchange(
    server.port,
    post(kSessions, { 'Content-Length': String(kMiB), Expect: '100-continue' }),
    { ms: kBounds.socketMs, what },
  );
  assert.equal(status, 413, `${what}: answered ${status} ${response?.body ?? '(closed without an answer)'}`);
  await assertStillServing(server, what);
});

// LINE batches events into bodies of up to 1 MiB; the webhook takes them (here: 401, as the
// body is not signed), and refuses more.
async function connectLine(server) {
  const login = await httpRequest(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.baton', password: 'baton-demo' }),
    timeoutMs: kBounds.socketMs,
  });
  assert.equal(login.status, 200, `demo login: ${login.status} ${login.body}`);
  const { token } = JSON.parse(login.body);
  const connect = await httpRequest(`${server.url}/api/v1/assistants/asst_demo/channels/line`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ channel_secret: 's'.repeat(32), channel_access_token: 't'.repeat(64) }),
    timeoutMs: kBounds.socketMs,
  });
  assert.equal(connect.status, 200, `connect LINE: ${connect.status} ${connect.body}`);
  server.rebaseline(); // the login's password hashing is no part of the attack
}

function lineBody(bytes) {
  const event = (text) => ({ type: 'message', message: { type: 'text', id: '1', text } });
  const empty = JSON.stringify({ destination: 'U0', events: [event('')] }).length;
  return JSON.stringify({ destination: 'U0', events: [event('a'.repeat(bytes - empty))] });
}

function webhookTest(name, bytes, expected) {
  serverTest(name, async (server) => {
    await connectLine(server);
    const body = lineBody(bytes);
    const { status, response } = await exchange(
      server.port,
      post('/webhooks/line/asst_demo', { 'Content-Length': String(Buffer.byteLength(body)) }, body),
      { ms: kBounds.socketMs, what: name },
    );
    assert.equal(status, expected, `${name}: answered ${status} ${response?.body ?? '(closed without an answer)'}`);
    await assertStillServing(server, name);
  });
}

webhookTest('an unsigned LINE webhook of 900 KB is read whole (401, not 413)', 900 * 1000, 401);
webhookTest('a LINE webhook of 1.5 MiB gets 413', 1.5 * kMiB, 413);
