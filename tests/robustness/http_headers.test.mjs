// Header sections no client sends: too large, too many fields, malformed lines; and 51
// pipelined requests. Each is refused with a 4xx (or answered in full), and the server keeps
// serving within bounded memory.
import assert from 'node:assert/strict';
import { RawConnection, exchange } from './support/raw_http.mjs';
import { assertStillServing, kBounds, serverTest } from './support/server.mjs';

function headerTest(name, request, check) {
  serverTest(name, async (server) => {
    const { status, response } = await exchange(server.port, request, { ms: kBounds.socketMs, what: name });
    check(status, `${name}: answered ${status} ${response?.body ?? '(closed without an answer)'}`);
    await assertStillServing(server, name);
  });
}

const is4xx = (status, message) => assert.ok(status >= 400 && status < 500, message);
const is400 = (status, message) => assert.equal(status, 400, message);

headerTest(
  'one header of 20 KB gets a 4xx',
  `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
  is4xx,
);
headerTest(
  '10,000 tiny headers get a 4xx',
  `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n${'X-A: b\r\n'.repeat(10_000)}\r\n`,
  is4xx,
);
headerTest(
  'a header line without a colon gets 400',
  'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nNoColonHere\r\n\r\n',
  is400,
);
headerTest(
  'a CR inside a header value gets 400',
  'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\rb\r\n\r\n',
  is400,
);

serverTest('51 pipelined requests get 51 answers, in order', async (server) => {
  const connection = await RawConnection.open(server.port, { timeoutMs: kBounds.socketMs });
  try {
    await connection.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.repeat(51), kBounds.socketMs);
    // On a timeout the count below says how many came.
    await connection
      .waitFor(() => connection.responses().length >= 51 || connection.gone, kBounds.socketMs, '51 answers')
      .catch(() => {});
    const statuses = connection.responses().map((response) => response.status);
    assert.equal(
      statuses.join(' '),
      Array(51).fill(200).join(' '),
      `51 pipelined requests got ${statuses.length} answers`,
    );
  } finally {
    connection.destroy();
  }
  await assertStillServing(server, '51 pipelined requests');
});
