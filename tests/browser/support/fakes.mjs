// The project's fakes of outside services (built by CMake) as child processes: each prints
// "listening on URL", may answer one line per command written to its stdin, and, when stdin
// closes, prints what it saw and exits non-zero if a request broke the real service's rules.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export function fakeBinary(envName, name) {
  return process.env[envName] ?? resolve(import.meta.dirname, `../../../build/tests/${name}`);
}

export function startFake(binary, args) {
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let consumed = 0; // stdout up to here has been read as the banner or as answers
  const waiting = [];
  const deliver = () => {
    while (waiting.length > 0) {
      const end = out.indexOf('\n', consumed);
      if (end < 0) return;
      const line = out.slice(consumed, end);
      consumed = end + 1;
      waiting.shift()(line);
    }
  };
  const ready = new Promise((done, fail) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = consumed === 0 && out.match(/^listening on (\S+)\n/);
      if (match) {
        consumed = match[0].length;
        done(match[1]);
      }
      deliver();
    });
    child.on('exit', (code) => fail(new Error(`fake exited ${code}: ${out}`)));
  });
  const exited = new Promise((done) => child.on('exit', (code) => done({ code, out })));
  // One command, one line of answer.
  const ask = (command) =>
    new Promise((done) => {
      waiting.push(done);
      child.stdin.write(`${command}\n`);
      deliver();
    });
  const finish = async () => {
    if (child.exitCode === null) child.stdin.end();
    return exited;
  };
  return { child, ready, exited, ask, finish };
}
