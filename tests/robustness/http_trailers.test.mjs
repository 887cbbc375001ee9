// Chunked trailers past Beast's field limits: the review's one-request crash (finding 1) and
// the 100 MiB of trailers it buffered (finding 2). The server answers 4xx or hangs up, early,
// and keeps serving within bounded memory.
import assert from 'node:assert/strict';
import { RawConnection, sendFlood } from './support/raw_http.mjs';
import { assertStillServing, kBounds, serverTest } from './support/server.mjs';

const kChunkedHead = 'POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n' + '0\r\n';

// Sends one whole request and expects a 4xx or a hang-up, never a 5xx or silence.
async function sendExpectingRefusal(server, request, what) {
  const connection = await RawConnection.open(server.port, { timeoutMs: kBounds.socketMs });
  try {
    const flood = await sendFlood(connection, { head: request, piece: '', count: 0, ms: kBounds.socketMs });
    const { status } = await connection.outcome(kBounds.socketMs, `an answer to ${what} (sent ${flood.sentBytes} B)`);
    if (status !== null) assert.ok(status >= 400 && status < 500, `${what} got ${status}, not a 4xx`);
  } finally {
    connection.destroy();
  }
}

serverTest('a trailer field value of 65,600 bytes is refused and the server keeps serving', async (server) => {
  const what = 'a 65,600-byte trailer value';
  await sendExpectingRefusal(server, `${kChunkedHead}X-T: ${'a'.repeat(65_600)}\r\n\r\n`, what);
  await assertStillServing(server, what);
});

serverTest('a trailer field name of 65,600 bytes is refused and the server keeps serving', async (server) => {
  const what = 'a 65,600-byte trailer name';
  await sendExpectingRefusal(server, `${kChunkedHead}${'a'.repeat(65_600)}: v\r\n\r\n`, what);
  await assertStillServing(server, what);
});

serverTest('1,747 trailer fields of 60 KB are cut short, within bounded memory', async (server) => {
  const what = '1,747 trailer fields of 60 KB (100 MiB)';
  const connection = await RawConnection.open(server.port, { timeoutMs: kBounds.socketMs });
  try {
    const flood = await sendFlood(connection, {
      head: kChunkedHead,
      piece: `X-T: ${'a'.repeat(60_000)}\r\n`,
      count: 1_747,
      tail: '\r\n',
      ms: kBounds.testMs / 3,
    });
    assert.notEqual(flood.stoppedBy, 'time', `${what}: neither answered nor closed after ${flood.sentBytes} B`);
    assert.ok(
      !flood.complete,
      `${what}: the server read all ${flood.sentBytes} B before answering, so it buffers trailers past any limit`,
    );
    assert.ok(flood.sentBytes <= flood.totalBytes / 2, `${what}: ${flood.sentBytes} B went in before the cut`);
    const { status } = await connection.outcome(kBounds.socketMs, `an answer to ${what}`);
    server.note(`${what}: ${flood.sentBytes} of ${flood.totalBytes} B sent, then ${status ?? 'closed'}`);
    if (status !== null) assert.ok(status >= 400 && status < 500, `${what} got ${status}, not a 4xx`);
  } finally {
    connection.destroy();
  }
  await assertStillServing(server, what);
});
