// A minimal WebSocket client over RawConnection: the handshake by hand, and frames built bit by
// bit, so that a test can send what no conforming client would (unmasked, reserved opcodes,
// lengths it never sends).
import { createHash, randomBytes } from 'node:crypto';
import { RawConnection, parseResponses } from './raw_http.mjs';

export const kOpcode = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa };

// One client frame. `declaredLength` (a BigInt) overrides the length written in the header,
// for frames that claim more than they carry.
export function encodeFrame({ opcode, payload = Buffer.alloc(0), fin = true, rsv = 0, masked = true, declaredLength }) {
  const data = Buffer.from(payload);
  const length = declaredLength ?? BigInt(data.length);
  const first = (fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0xf);
  const maskBit = masked ? 0x80 : 0;
  let header;
  if (length < 126n) {
    header = Buffer.from([first, maskBit | Number(length)]);
  } else if (length < 65536n) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = maskBit | 126;
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(length, 2);
  }
  if (!masked) return Buffer.concat([header, data]);
  const key = randomBytes(4);
  const body = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) body[i] = data[i] ^ key[i & 3];
  return Buffer.concat([header, key, body]);
}

// The frames in `buffer` from `offset` (server frames, unmasked but read either way).
function decodeFrames(buffer, offset) {
  const frames = [];
  for (;;) {
    if (buffer.length - offset < 2) break;
    const first = buffer[offset];
    const second = buffer[offset + 1];
    let length = second & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      if (buffer.length < at + 2) break;
      length = buffer.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (buffer.length < at + 8) break;
      length = Number(buffer.readBigUInt64BE(at));
      at += 8;
    }
    let key = null;
    if (second & 0x80) {
      if (buffer.length < at + 4) break;
      key = buffer.subarray(at, at + 4);
      at += 4;
    }
    if (buffer.length < at + length) break;
    const payload = Buffer.from(buffer.subarray(at, at + length));
    if (key) for (let i = 0; i < payload.length; i++) payload[i] ^= key[i & 3];
    frames.push({ fin: (first & 0x80) !== 0, opcode: first & 0xf, payload });
    offset = at + length;
  }
  return { frames, offset };
}

export class WebSocketClient {
  #offset;

  constructor(connection, offset) {
    this.connection = connection;
    this.#offset = offset;
    this.frames = []; // every frame received, in order
  }

  #read() {
    const { frames, offset } = decodeFrames(this.connection.received, this.#offset);
    this.#offset = offset;
    this.frames.push(...frames);
    return this.frames;
  }

  send(frame, ms) {
    return this.connection.write(frame, ms);
  }

  // Waits until the frames received satisfy `condition(frames)`, or the connection is gone.
  async waitForFrames(condition, ms, what) {
    await this.connection.waitFor(() => condition(this.#read()) || this.connection.gone, ms, what);
    this.#read();
    return this.frames;
  }

  closeFrame() {
    return this.frames.find((frame) => frame.opcode === kOpcode.close);
  }

  // Waits for the server's close frame: { code, reason }, or { code: null } when the server
  // dropped the connection without one. Answers the close, as a client must.
  async waitForClose(ms) {
    await this.waitForFrames(() => this.closeFrame(), ms, 'a close frame from the server');
    const close = this.closeFrame();
    if (!close) return { code: null, reason: '' };
    await this.send(encodeFrame({ opcode: kOpcode.close, payload: close.payload.subarray(0, 2) }), 1_000).catch(
      () => false,
    );
    this.connection.socket.end();
    return {
      code: close.payload.length >= 2 ? close.payload.readUInt16BE(0) : 1005,
      reason: close.payload.subarray(2).toString('utf8'),
    };
  }

  // A clean close from our side: sends 1000 and waits for the server's close and hang-up.
  async close(ms) {
    await this.send(encodeFrame({ opcode: kOpcode.close, payload: Buffer.from([0x03, 0xe8]) }), ms);
    await this.waitForFrames(() => this.closeFrame(), ms, 'the close frame answering ours');
    await this.connection.waitFor(() => this.connection.gone, ms, 'the server to hang up after the close');
    this.connection.destroy();
  }

  destroy() {
    this.connection.destroy();
  }
}

// Opens a WebSocket at `path`: { status: 101, socket: WebSocketClient } when accepted, or
// { status, headers, body } when the server refused the upgrade.
export async function openWebSocket(port, path, { ms, headers = {} }) {
  const connection = await RawConnection.open(port, { timeoutMs: ms });
  const key = randomBytes(16).toString('base64');
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  await connection.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
    ms,
  );
  const headerEnd = () => connection.received.indexOf('\r\n\r\n');
  await connection.waitFor(() => headerEnd() >= 0 || connection.gone, ms, `the answer to the upgrade of ${path}`);
  if (headerEnd() < 0) {
    connection.destroy();
    throw new Error(`the server hung up on the upgrade of ${path} without an answer`);
  }
  const status = Number(connection.received.subarray(0, 12).toString('latin1').split(' ')[1]);
  if (status !== 101) {
    await connection.waitFor(() => connection.responses().length > 0 || connection.gone, ms, 'the refusal body');
    const [response] = parseResponses(connection.received, true).responses;
    connection.destroy();
    return response;
  }
  const head = connection.received.subarray(0, headerEnd()).toString('latin1');
  const accept = head.match(/\r\nSec-WebSocket-Accept:\s*(\S+)/i)?.[1];
  const expected = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  if (accept !== expected) {
    connection.destroy();
    throw new Error(`bad Sec-WebSocket-Accept in ${JSON.stringify(head)}`);
  }
  return { status, socket: new WebSocketClient(connection, headerEnd() + 4) };
}
