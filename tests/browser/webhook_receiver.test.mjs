// Outgoing webhooks as a receiver sees them (team operations §4.11): a Node receiver verifies
// every delivery with the stock Standard Webhooks library and the secret the API returned, and
// reads payloads whose conversation and message have the REST API's shapes. Then an endpoint
// that answers 410 is turned off, and the console shows admins a banner to turn it back on.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { apiLogin, apiRequest, kDemo, startBaton } from './support/baton.mjs';
import { launchBrowser, screenshot, watchErrors } from './support/browser.mjs';
import { eventually, expect } from './support/expect.mjs';
import { signIn } from './support/flows.mjs';

let baton;
let token;
let receiver;
const received = []; // {headers, body, verified: true | Error}
let secret = null;
let arrival = () => {};

function startReceiver() {
  return new Promise((listening) => {
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        let verified;
        try {
          new Webhook(secret).verify(body, request.headers);
          verified = true;
        } catch (error) {
          verified = error;
        }
        received.push({ headers: request.headers, body: JSON.parse(body), verified });
        response.writeHead(204).end();
        arrival();
      });
    });
    server.listen(0, '127.0.0.1', () => listening(server));
  });
}

// Resolves once `count` deliveries have arrived (the server retries, so it never needs a sleep).
function deliveries(count, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${count} deliveries`)), timeoutMs);
    arrival = () => {
      if (received.length < count) return;
      clearTimeout(timer);
      resolve(received.slice(0, count));
    };
    arrival();
  });
}

before(async () => {
  baton = await startBaton({ extraArgs: ['--webhook-allow-private'] });
  token = await apiLogin(baton.url, kDemo.email, kDemo.password);
  receiver = await startReceiver();
});

let browser;

after(async () => {
  receiver?.close();
  await browser?.close();
  await baton?.stop();
});

test('every delivery verifies with the standardwebhooks library and the secret shown at creation', async () => {
  const url = `http://127.0.0.1:${receiver.address().port}/baton`;
  const created = await apiRequest(baton.url, token, 'POST', '/api/v1/webhooks', { url, events: ['*'] }, 201);
  assert.match(created.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
  secret = created.secret;
  const listed = await apiRequest(baton.url, token, 'GET', `/api/v1/webhooks/${created.id}`);
  assert.equal(listed.secret, undefined, 'the secret is shown once only');

  // A visitor writes and asks for a person: conversation.created, the messages, the handoff.
  const session = await apiRequest(
    baton.url,
    '',
    'POST',
    `/api/v1/widget/assistants/${kDemo.assistantId}/sessions`,
    {},
    201,
  );
  const visitor = session.visitor_token;
  const sent = await apiRequest(
    baton.url,
    visitor,
    'POST',
    '/api/v1/widget/messages',
    { text: 'Where is my parcel?' },
    201,
  );
  await apiRequest(baton.url, visitor, 'POST', '/api/v1/widget/handoff');

  const ping = await apiRequest(baton.url, token, 'POST', `/api/v1/webhooks/${created.id}/test`, undefined, 202);
  assert.equal(ping.event_type, 'ping');

  const types = () => received.map((delivery) => delivery.body.type);
  while (!types().includes('conversation.handoff_requested') || !types().includes('ping')) {
    await deliveries(received.length + 1);
  }
  for (const delivery of received) {
    assert.equal(delivery.verified, true, `${delivery.body.type}: ${delivery.verified}`);
    assert.equal(delivery.headers['webhook-id'], delivery.body.id);
  }
  assert.ok(types().includes('conversation.created'));

  // The same shapes as the REST API: the conversation as GET answers it, the message as sent.
  const customerMessage = received.find(
    (delivery) => delivery.body.type === 'message.created' && delivery.body.data.message.sender === 'customer',
  );
  assert.deepEqual(customerMessage.body.data.message, sent);
  const handoff = received.find((delivery) => delivery.body.type === 'conversation.handoff_requested');
  const rest = await apiRequest(baton.url, token, 'GET', `/api/v1/conversations/${session.conversation_id}`);
  assert.deepEqual(Object.keys(handoff.body.data.conversation).sort(), Object.keys(rest).sort());
  assert.equal(handoff.body.data.conversation.status, 'waiting');
  assert.equal(typeof handoff.body.data.seq, 'number');

  // A tampered body does not verify with the same headers.
  const any = received[0];
  assert.throws(() => new Webhook(secret).verify(JSON.stringify({ ...any.body, type: 'x' }), any.headers));
});

test('an endpoint that answers 410 is turned off and admins see a banner to turn it back on', async () => {
  const gone = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(410).end());
  });
  await new Promise((listening) => gone.listen(0, '127.0.0.1', listening));
  try {
    const url = `http://127.0.0.1:${gone.address().port}/retired`;
    const created = await apiRequest(baton.url, token, 'POST', '/api/v1/webhooks', { url, events: ['*'] }, 201);
    await apiRequest(baton.url, token, 'POST', `/api/v1/webhooks/${created.id}/test`, undefined, 202);
    // Bounded: the 410 turns the endpoint off within the wait, or the test fails.
    await eventually('the endpoint turned off after 410 Gone', async () => {
      const webhook = await apiRequest(baton.url, token, 'GET', `/api/v1/webhooks/${created.id}`);
      return !webhook.enabled && webhook.disabled_reason === 'gone';
    });

    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
    const errors = [];
    watchErrors(page, errors);
    await page.addInitScript(() => localStorage.setItem('baton:lang', 'en'));
    await signIn(page, baton.url, kDemo);
    const banner = page.getByTestId('webhook-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(`Webhook ${url} was turned off: it answered 410 Gone.`);
    await screenshot(page, 'console-webhook-banner');
    await page.getByTestId('webhook-enable').click();
    await expect(banner).toBeHidden();
    const webhook = await apiRequest(baton.url, token, 'GET', `/api/v1/webhooks/${created.id}`);
    assert.equal(webhook.enabled, true);
    assert.deepEqual(errors, []);
  } finally {
    gone.close();
  }
});
