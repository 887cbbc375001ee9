// Starts the real baton binary for the robustness suite (as tests/browser/support/baton.mjs
// does, and also exposing its pid), and checks "still serving, memory bounded" after an attack.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { httpRequest } from './raw_http.mjs';

// The sanitizer build (CMake sets BATON_SANITIZED=1 there) is slower and holds freed memory in
// ASan's quarantine, so its time and memory bounds are more generous.
export const kSanitized = process.env.BATON_SANITIZED === '1';
const kSlowdown = kSanitized ? 5 : 1;
const kMiB = 1024 * 1024;

export const kBounds = {
  startMs: 15_000 * kSlowdown,
  stopMs: 10_000 * kSlowdown,
  // One /healthz on a fresh connection, right after an attack.
  healthzMs: 1_000 * kSlowdown,
  // Growth of resident memory over the baseline taken after start, now and at the peak.
  rssGrowthBytes: (kSanitized ? 256 : 64) * kMiB,
  // A single socket step (connect, an answer, a close) against a server that is working.
  socketMs: 5_000 * kSlowdown,
  // A whole test, so that nothing hangs (ctest's own limit for a file is 300 s, 600 s under ASan).
  testMs: kSanitized ? 120_000 : 60_000,
};

export function scaledMs(ms) {
  return ms * kSlowdown;
}

export function batonBinary() {
  return process.env.BATON_BINARY ?? resolve(import.meta.dirname, '../../../build/baton');
}

const kLogKeptChars = 1_000_000;
const kLogShownChars = 6_000;

export async function startServer({ demo = true, extraArgs = [] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-robustness-'));
  const args = ['serve', '--listen', '127.0.0.1:0', '--data', dataDir, ...(demo ? ['--demo'] : []), ...extraArgs];
  if (process.env.BATON_TRACE) args.push('--log-level', 'debug');
  const child = spawn(batonBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => {
    log = (log + chunk).slice(-kLogKeptChars);
  });
  let exit = null;
  const exited = new Promise((done) =>
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      done(exit);
    }),
  );
  const url = await new Promise((resolveUrl, reject) => {
    let banner = '';
    const timer = setTimeout(
      () => reject(new Error(`baton did not start in ${kBounds.startMs} ms: ${banner}${log}`)),
      kBounds.startMs,
    );
    child.stdout.on('data', (chunk) => {
      banner += chunk;
      const match = banner.match(/listening on (http:\/\/127\.0\.0\.1:(\d+))\n/);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${batonBinary()}: ${error.message}`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`baton exited (code ${code}, signal ${signal}) before listening: ${banner}${log}`));
    });
  });

  const server = {
    url,
    port: Number(new URL(url).port),
    pid: child.pid,
    dataDir,
    log: () => log,
    exit: () => exit,
    exited,
    baseline: null,
    // Resident memory now and at its peak since the baseline, in bytes (Linux /proc).
    memory() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kib = (field) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))[1]) * 1024;
      return { rss: kib('VmRSS'), peak: this.peakResettable ? kib('VmHWM') : kib('VmRSS') };
    },
    openFiles() {
      return readdirSync(`/proc/${child.pid}/fd`).length;
    },
    peakResettable: false,
    // Takes the memory and descriptor baseline now (after any set-up the test needed) and
    // restarts the peak count, so the peak later is that of the attack alone.
    rebaseline() {
      try {
        writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
        this.peakResettable = true;
      } catch {
        this.peakResettable = false; // then only the resident size after the attack is checked
      }
      this.baseline = { ...this.memory(), openFiles: this.openFiles() };
    },
    async stop() {
      if (!exit) child.kill('SIGTERM');
      let timer;
      const outcome = await Promise.race([
        exited,
        new Promise((done) => {
          timer = setTimeout(() => done(null), kBounds.stopMs);
        }),
      ]);
      clearTimeout(timer);
      if (!outcome) {
        child.kill('SIGKILL');
        await exited;
      }
      if (process.env.BATON_TRACE) console.log(`baton log:\n${log}`);
      rmSync(dataDir, { recursive: true, force: true });
      if (!outcome) throw new Error(`baton did not stop within ${kBounds.stopMs} ms of SIGTERM:\n${logTail(log)}`);
      // A clean stop exits 0; a crash, or a sanitizer report in a sanitizer build, does not.
      if (outcome.code !== 0) {
        throw new Error(
          `baton did not stop cleanly (exit ${outcome.code}, signal ${outcome.signal}):\n${logTail(log)}`,
        );
      }
    },
  };
  // Warm up what every test touches, then take the baseline.
  await expectStatus(server, '/healthz', 200);
  await expectStatus(server, '/api/v1/widget/assistants/asst_demo/config', demo ? 200 : 404);
  server.rebaseline();
  return server;
}

async function expectStatus(server, path, status) {
  const answer = await httpRequest(`${server.url}${path}`, { timeoutMs: kBounds.socketMs });
  if (answer.status !== status) throw new Error(`GET ${path}: ${answer.status} ${answer.body}`);
}

function logTail(log) {
  return log.length > kLogShownChars ? `...${log.slice(-kLogShownChars)}` : log;
}

// Runs `body` against a fresh server and stops it after, whatever happened: a test fails with
// its own first error, and also when the server did not then stop cleanly.
export async function withServer(options, body) {
  const server = await startServer(options);
  let failure = null;
  try {
    await body(server);
  } catch (error) {
    failure = error;
  }
  try {
    await server.stop();
  } catch (error) {
    if (!failure) failure = error;
    else failure.message += `\n(and then: ${error.message.split('\n')[0]})`;
  }
  if (failure) throw failure;
}

// A test against a fresh server of its own (a crash or leak is then that test's), bounded in
// time; `server.note` adds a line to the test's report.
export function serverTest(name, body, options = {}) {
  test(name, { timeout: kBounds.testMs }, (t) =>
    withServer(options, (server) => {
      server.note = (line) => t.diagnostic(line);
      return body(server);
    }),
  );
}

// Why the server may be gone: its exit, when it has exited (waited for a moment, since a
// refused connection can come before the exit is reported).
async function deathNote(server) {
  let timer;
  const exit = await Promise.race([
    server.exited,
    new Promise((done) => {
      timer = setTimeout(() => done(null), 500);
    }),
  ]);
  clearTimeout(timer);
  return exit ? `\nbaton has exited (code ${exit.code}, signal ${exit.signal}):\n${logTail(server.log())}` : '';
}

const mib = (bytes) => (bytes / (1024 * 1024)).toFixed(1);

// After an attack: the server still answers /healthz with 200 quickly, and its resident memory
// (now and at the peak since the baseline) stayed within kBounds.rssGrowthBytes of the baseline.
export async function assertStillServing(server, attack) {
  if (server.exit()) throw new Error(`after ${attack}: ${await deathNote(server)}`);
  let answer;
  try {
    answer = await httpRequest(`${server.url}/healthz`, { timeoutMs: kBounds.healthzMs * 2 });
  } catch (error) {
    throw new Error(`after ${attack}, GET /healthz failed: ${error.message}${await deathNote(server)}`);
  }
  assert.equal(answer.status, 200, `after ${attack}, GET /healthz answered ${answer.status}`);
  assert.ok(
    answer.ms < kBounds.healthzMs,
    `after ${attack}, GET /healthz took ${answer.ms.toFixed(0)} ms (bound ${kBounds.healthzMs} ms)`,
  );
  assertMemoryBounded(server, attack);
  const { rss, peak } = server.memory();
  server.note?.(
    `after ${attack}: /healthz ${answer.ms.toFixed(1)} ms; RSS ${mib(rss)} MiB, peak ${mib(peak)} MiB ` +
      `(baseline ${mib(server.baseline.rss)} MiB)`,
  );
}

export function assertMemoryBounded(server, attack) {
  const { rss, peak } = server.memory();
  const base = server.baseline.rss;
  const bound = base + kBounds.rssGrowthBytes;
  assert.ok(
    peak <= bound,
    `during ${attack}, baton's resident memory peaked at ${mib(peak)} MiB from a baseline of ${mib(base)} MiB ` +
      `(bound: +${mib(kBounds.rssGrowthBytes)} MiB)`,
  );
  assert.ok(
    rss <= bound,
    `after ${attack}, baton holds ${mib(rss)} MiB resident from a baseline of ${mib(base)} MiB ` +
      `(bound: +${mib(kBounds.rssGrowthBytes)} MiB)`,
  );
}

// Waits, by looking every 50 ms up to `ms`, until the server holds at most `extra` descriptors
// more than at the baseline (no event says when it has closed its side of dropped sockets).
export async function waitForOpenFilesNearBaseline(server, { extra = 16, ms = scaledMs(5_000) } = {}) {
  const deadline = Date.now() + ms;
  let now = server.openFiles();
  for (let round = 0; round < ms / 50 && now > server.baseline.openFiles + extra && Date.now() < deadline; round++) {
    await new Promise((done) => setTimeout(done, 50));
    now = server.openFiles();
  }
  return now;
}
