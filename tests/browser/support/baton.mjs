// Starts the real baton binary on 127.0.0.1:0 with a fresh data folder, and stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trace, tracing } from './trace.mjs';

const kStartTimeoutMs = 15_000;

export function batonBinary() {
  return process.env.BATON_BINARY ?? resolve(import.meta.dirname, '../../../build/baton');
}

export async function startBaton({ demo = true, extraArgs = [] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-browser-'));
  const args = ['serve', '--listen', '127.0.0.1:0', '--data', dataDir, ...(demo ? ['--demo'] : []), ...extraArgs];
  if (tracing) args.push('--log-level', 'debug');
  const child = spawn(batonBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => {
    log += chunk;
  });
  const url = await new Promise((resolvePort, reject) => {
    let banner = '';
    const timer = setTimeout(() => reject(new Error('baton did not start: ' + banner + log)), kStartTimeoutMs);
    child.stdout.on('data', (chunk) => {
      banner += chunk;
      const match = banner.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
      if (match) {
        clearTimeout(timer);
        resolvePort(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`baton exited with ${code}: ${banner}${log}`));
    });
  });
  const exited = new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));
  return {
    url,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      const { code, signal } = await exited;
      trace(`baton log (${url}):\n${log.split('\n').slice(-400).join('\n')}`);
      rmSync(dataDir, { recursive: true, force: true });
      // A clean stop exits 0; a crash, or a sanitizer report in a sanitizer build, does not.
      if (code !== 0) throw new Error(`baton did not stop cleanly (exit ${code}, signal ${signal}):\n${log}`);
    },
  };
}

// A console user made through the API (the demo admin creates it).
export async function createAgent(baseUrl, adminToken, { email, name, password = 'tea-garden-42', role = 'agent' }) {
  const response = await fetch(`${baseUrl}/api/v1/agents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, name, password, role }),
  });
  if (response.status !== 201) throw new Error(`create agent: ${response.status} ${await response.text()}`);
  return { email, password };
}

export async function apiLogin(baseUrl, email, password) {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login: ${response.status}`);
  return (await response.json()).token;
}

export async function patchAssistant(baseUrl, token, id, patch) {
  const response = await fetch(`${baseUrl}/api/v1/assistants/${id}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(patch),
  });
  if (!response.ok) throw new Error(`patch assistant: ${response.status}`);
  return response.json();
}

export const kDemo = { email: 'admin@demo.baton', password: 'baton-demo', assistantId: 'asst_demo' };

// Any JSON call with a bearer token; a status other than `expect` fails with the answer's body.
export async function apiRequest(baseUrl, token, method, path, body, expect = 200) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expect) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
