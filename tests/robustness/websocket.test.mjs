// The widget socket under frames no widget sends: binary, oversized, invalid UTF-8, unmasked,
// reserved opcodes, a ping storm; and more sockets than one visitor token may hold. The server
// closes with the fitting code (or ignores the frame) and keeps serving.
import assert from 'node:assert/strict';
import { postJson } from './support/raw_http.mjs';
import { assertStillServing, kBounds, serverTest } from './support/server.mjs';
import { encodeFrame, kOpcode, openWebSocket } from './support/websocket.mjs';

async function visitorToken(server) {
  const url = `${server.url}/api/v1/widget/assistants/asst_demo/sessions`;
  const answer = await postJson(url, {}, { timeoutMs: kBounds.socketMs });
  assert.equal(answer.status, 201, `new widget session: ${answer.status} ${answer.body}`);
  return answer.json.visitor_token;
}

async function openWidgetSocket(server, token) {
  return openWebSocket(server.port, `/api/v1/widget/ws?token=${encodeURIComponent(token)}`, {
    ms: kBounds.socketMs,
  });
}

// The socket service still works after the attack: a new visitor's socket opens and gets its
// first frame, as does /healthz, within bounded memory.
async function assertSocketsStillServed(server, attack) {
  await assertStillServing(server, attack);
  const opened = await openWidgetSocket(server, await visitorToken(server));
  assert.equal(opened.status, 101, `after ${attack}, a new widget socket got ${opened.status}`);
  try {
    await opened.socket.waitForFrames((frames) => frames.length > 0, kBounds.socketMs, 'the first frame');
    assert.equal(opened.socket.frames[0]?.opcode, kOpcode.text, `after ${attack}, a new socket got no first frame`);
  } finally {
    opened.socket.destroy();
  }
}

// Sends `frame` on a fresh widget socket and expects the server to close it with `code`.
function closesWith(name, frame, code) {
  serverTest(name, async (server) => {
    const opened = await openWidgetSocket(server, await visitorToken(server));
    assert.equal(opened.status, 101, `widget socket: ${opened.status} ${opened.body}`);
    const { socket } = opened;
    try {
      await socket.send(frame, kBounds.socketMs).catch(() => false); // the server may hang up mid-frame
      const close = await socket.waitForClose(kBounds.socketMs);
      assert.equal(close.code, code, `${name}: closed with ${close.code ?? 'no close frame'} ${close.reason}`);
    } finally {
      socket.destroy();
    }
    await assertSocketsStillServed(server, name);
  });
}

closesWith(
  'a text frame declaring 2^62 bytes is closed with 1009',
  encodeFrame({ opcode: kOpcode.text, payload: 'abcd', declaredLength: 2n ** 62n }),
  1009,
);
closesWith(
  'a text frame of 1 MiB is closed with 1009',
  encodeFrame({ opcode: kOpcode.text, payload: Buffer.alloc(1024 * 1024, 'a') }),
  1009,
);
closesWith(
  'invalid UTF-8 in a text frame is closed with 1007',
  encodeFrame({ opcode: kOpcode.text, payload: Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]) }),
  1007,
);
closesWith(
  'an unmasked client frame is closed with 1002',
  encodeFrame({ opcode: kOpcode.text, payload: '{}', masked: false }),
  1002,
);
closesWith('a reserved opcode is closed with 1002', encodeFrame({ opcode: 0x3, payload: '{}' }), 1002);

serverTest('a binary frame is ignored and the socket stays open', async (server) => {
  const what = 'a binary frame';
  const opened = await openWidgetSocket(server, await visitorToken(server));
  assert.equal(opened.status, 101, `widget socket: ${opened.status} ${opened.body}`);
  const { socket } = opened;
  try {
    await socket.send(encodeFrame({ opcode: kOpcode.binary, payload: Buffer.from([0, 1, 2, 0xff]) }), kBounds.socketMs);
    // The ping after it is answered: the binary frame did not end the socket.
    await socket.send(encodeFrame({ opcode: kOpcode.ping, payload: 'after-binary' }), kBounds.socketMs);
    const frames = await socket.waitForFrames(
      (received) => received.some((f) => f.opcode === kOpcode.pong || f.opcode === kOpcode.close),
      kBounds.socketMs,
      'a pong',
    );
    const close = socket.closeFrame();
    assert.equal(close, undefined, `${what}: closed with ${close?.payload.readUInt16BE(0)}`);
    const pong = frames.find((f) => f.opcode === kOpcode.pong);
    assert.equal(pong?.payload.toString(), 'after-binary', `${what}: no pong to the ping sent after it`);
    await socket.close(kBounds.socketMs);
  } finally {
    socket.destroy();
  }
  await assertSocketsStillServed(server, what);
});

serverTest('300 pings are each answered (or the socket closed as a policy violation)', async (server) => {
  const what = '300 pings';
  const opened = await openWidgetSocket(server, await visitorToken(server));
  assert.equal(opened.status, 101, `widget socket: ${opened.status} ${opened.body}`);
  const { socket } = opened;
  try {
    const pings = Array.from({ length: 300 }, (_, i) => encodeFrame({ opcode: kOpcode.ping, payload: `ping-${i}` }));
    await socket.send(Buffer.concat(pings), kBounds.socketMs);
    const pongsOf = (frames) => frames.filter((f) => f.opcode === kOpcode.pong);
    await socket
      .waitForFrames((frames) => pongsOf(frames).length >= 300 || socket.closeFrame(), kBounds.socketMs, '300 pongs')
      .catch(() => {}); // the assertions below say what came
    const close = socket.closeFrame();
    if (close) {
      assert.equal(close.payload.readUInt16BE(0), 1008, `${what}: closed with ${close.payload.readUInt16BE(0)}`);
    } else {
      const pongs = pongsOf(socket.frames).map((f) => f.payload.toString());
      assert.equal(pongs.length, 300, `${what}: ${pongs.length} pongs came`);
      assert.deepEqual(
        pongs,
        Array.from({ length: 300 }, (_, i) => `ping-${i}`),
        `${what}: pongs out of order`,
      );
      await socket.close(kBounds.socketMs);
    }
  } finally {
    socket.destroy();
  }
  await assertSocketsStillServed(server, what);
});

serverTest('one visitor token holds at most 10 sockets: the 11th gets 429', async (server) => {
  const what = '11 sockets on one visitor token';
  const token = await visitorToken(server);
  const sockets = [];
  try {
    for (let i = 0; i < 10; i++) {
      const opened = await openWidgetSocket(server, token);
      assert.equal(opened.status, 101, `socket ${i + 1} of 10: ${opened.status} ${opened.body}`);
      sockets.push(opened.socket);
    }
    const eleventh = await openWidgetSocket(server, token);
    if (eleventh.socket) sockets.push(eleventh.socket);
    assert.equal(eleventh.status, 429, `the 11th socket on one visitor token got ${eleventh.status}`);
    assert.ok(eleventh.headers['retry-after'], 'the 429 has no Retry-After');
    // Once one closes, there is room again (the count follows closes; the server learns of
    // this one within a moment, so a few tries are allowed).
    await sockets.shift().close(kBounds.socketMs);
    let again = null;
    for (let attempt = 0; attempt < 20; attempt++) {
      again = await openWidgetSocket(server, token);
      if (again.status === 101) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    if (again.socket) sockets.push(again.socket);
    assert.equal(again.status, 101, `after one of 10 sockets closed, a new one got ${again.status}`);
  } finally {
    for (const socket of sockets) socket.destroy();
  }
  await assertSocketsStillServed(server, what);
});
