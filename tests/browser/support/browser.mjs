// Debian's Chromium driven by playwright-core, with the flags this machine needs, and pages
// that fail the test on any page error or console error.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { trace, tracing } from './trace.mjs';

const kFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Playwright gives each launch a fresh, empty profile of its own.
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.BATON_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: kFlags,
  });
}

// Every page error, failed script or console error is collected and checked at the end.
export function watchErrors(page, errors) {
  if (tracing) {
    const at = () => new Date().toISOString().slice(11, 23);
    page.on('request', (r) => trace(`trace ${at()} > ${r.method()} ${r.url()}`));
    page.on('response', (r) => trace(`trace ${at()} < ${r.status()} ${r.url()}`));
    page.on('console', (m) => trace(`trace ${at()} console.${m.type()}: ${m.text()}`));
    page.on('websocket', (ws) => {
      trace(`trace ${at()} socket open ${ws.url().replace(/token=[^&]+/, 'token=…')}`);
      ws.on('framereceived', (f) => trace(`trace ${at()} socket < ${String(f.payload).slice(0, 160)}`));
      ws.on('close', () => trace(`trace ${at()} socket closed`));
    });
  }
  page.on('requestfailed', (request) =>
    trace(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`),
  );
  page.on('pageerror', (error) => errors.push(`pageerror on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // Resource errors the test provokes on purpose (a 409 it expects, a dropped network).
    if (/Failed to load resource|ERR_INTERNET_DISCONNECTED|WebSocket connection/.test(text)) return;
    errors.push(`console error on ${page.url()}: ${text}`);
  });
}

export async function screenshot(page, name) {
  const dir = process.env.BATON_SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
