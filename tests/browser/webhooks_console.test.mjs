// Settings → Webhooks in the console (team operations §4.11): an admin adds an endpoint and
// sees its secret once, sends a test ping that a local receiver verifies with the stock
// Standard Webhooks library, reads the delivery log by status, and retries a failed delivery
// (the same webhook-id on the second attempt).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { screenshot, watchErrors } from './support/browser.mjs';
import { kDemo } from './support/baton.mjs';
import { expect } from './support/expect.mjs';
import { signIn } from './support/flows.mjs';
import { useStack } from './support/stack.mjs';

const stack = useStack({ lang: 'en', extraArgs: ['--webhook-allow-private'] });
const errors = [];
const received = []; // {id, verified}
let answer = 200;
let receiver;
let secret = '';

before(async () => {
  receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      let verified = false;
      try {
        new Webhook(secret).verify(body, request.headers);
        verified = true;
      } catch {
        verified = false;
      }
      received.push({ id: request.headers['webhook-id'], type: JSON.parse(body).type, verified });
      response.writeHead(answer).end();
    });
  });
  await new Promise((listening) => receiver.listen(0, '127.0.0.1', listening));
});

after(() => {
  receiver?.close();
  assert.deepEqual(errors, [], 'no page errors');
});

test('an admin adds a webhook, sees the secret once, tests it and retries a failed delivery', async () => {
  const context = await stack.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  watchErrors(page, errors);
  await signIn(page, stack.baton.url, kDemo);
  await page.getByRole('link', { name: 'Settings' }).click();
  const section = page.getByTestId('webhooks-section');
  await section.getByTestId('webhook-url').fill(`http://127.0.0.1:${receiver.address().port}/hooks`);
  await section.getByTestId('webhook-description').fill('CRM');
  await section.getByTestId('webhook-add').click();
  const row = section.getByTestId('webhook-row');
  await expect(row).toHaveCount(1);
  const shown = await row.getByTestId('webhook-secret').locator('code').textContent();
  assert.match(shown, /^whsec_/);
  secret = shown;

  // The test ping arrives signed, and the log shows it delivered.
  await row.getByTestId('webhook-test').click();
  const log = row.getByTestId('webhook-deliveries');
  await expect(log.locator('[data-testid=webhook-delivery][data-type=ping][data-status=ok]')).toHaveCount(1);
  assert.equal(received.length, 1);
  assert.equal(received[0].verified, true, 'verified by the standardwebhooks package');
  await screenshot(page, 'console-webhooks');

  // A receiver answering 400 makes the delivery final: failed, shown under "failed".
  answer = 400;
  await row.getByTestId('webhook-test').click();
  await row.getByTestId('webhook-status-filter').selectOption('failed');
  const failed = log.locator('[data-testid=webhook-delivery][data-status=failed]');
  await expect(failed).toHaveCount(1);
  await expect(log.locator('[data-testid=webhook-delivery][data-status=ok]')).toHaveCount(0);

  // Fixed receiver, Retry now: delivered with the same id.
  answer = 200;
  await failed.getByTestId('webhook-retry').click();
  await row.getByTestId('webhook-status-filter').selectOption('ok');
  await expect(log.locator('[data-testid=webhook-delivery][data-status=ok]')).toHaveCount(2);
  assert.equal(received.length, 3);
  assert.equal(received[2].id, received[1].id, 'a retry keeps the webhook-id');

  // The secret is not shown again after a reload; the webhook can be turned off and deleted.
  await page.reload();
  const again = page.getByTestId('webhooks-section').getByTestId('webhook-row');
  await expect(again.getByTestId('webhook-secret')).toHaveCount(0);
  await again.getByTestId('webhook-enabled').uncheck();
  await expect(again).toHaveAttribute('data-enabled', 'false');
  await again.getByTestId('webhook-delete').click();
  await page.getByTestId('webhook-delete-confirm-yes').click();
  await expect(page.getByTestId('webhooks-section').getByTestId('webhook-row')).toHaveCount(0);
  await context.close();
});
