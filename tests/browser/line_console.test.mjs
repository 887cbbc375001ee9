// A LINE customer seen from the console: the conversation arrives from LINE's webhook with the
// customer's profile name, a photo they sent shows in place, the AI's answer is marked as sent
// to LINE, and a message LINE refuses is marked as not delivered, with LINE's reason. The LINE
// platform is the project's fake (it checks every call against the official API's rules and
// exits non-zero if one broke them).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, screenshot, watchErrors } from './support/browser.mjs';
import { apiLogin, kDemo, startBaton } from './support/baton.mjs';
import { expect } from './support/expect.mjs';
import { fakeBinary, startFake } from './support/fakes.mjs';
import { consoleMessages, signIn } from './support/flows.mjs';

const kSecret = '5c1f3a7e9b2d4f6a8c0e1b3d5f7a9c2e';
const kToken = 'BrowserTestChannelAccessToken0123456789abcdefghijk=';
const kUser = 'U5a1b2c3d4e5f60718293a4b5c6d7e8f9';
// A 2 x 2 PNG (red), small enough to pass through the fake's command line.
const kPhoto =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

let line;
let baton;
let browser;
const errors = [];

before(async () => {
  line = startFake(fakeBinary('BATON_FAKE_LINE', 'baton-fake-line'), [kSecret, kToken]);
  const lineUrl = await line.ready;
  baton = await startBaton({ extraArgs: ['--line-api-base', lineUrl, '--line-data-api-base', lineUrl] });
  const token = await apiLogin(baton.url, kDemo.email, kDemo.password);
  const connected = await fetch(`${baton.url}/api/v1/assistants/${kDemo.assistantId}/channels/line`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ channel_secret: kSecret, channel_access_token: kToken }),
  });
  assert.equal(connected.status, 200);
  browser = await launchBrowser();
});

after(async () => {
  if (line && line.child.exitCode === null) console.log((await line.finish()).out);
  await browser?.close();
  await baton?.stop();
});

// What LINE would post for one event, signed with the channel secret.
async function lineSends(event) {
  const body = await line.ask(`event ${event}`);
  const signature = await line.ask(`sign ${body}`);
  const response = await fetch(`${baton.url}/webhooks/line/${kDemo.assistantId}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Line-Signature': signature },
    body,
  });
  assert.equal(response.status, 200, await response.text());
}

test('an agent sees the LINE customer, their photo, and what reached them', async () => {
  assert.equal(await line.ask(`profile ${kUser} 林美玲 -`), 'ok');
  assert.equal(await line.ask(`content 700001 image/png ${kPhoto}`), 'ok');
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  const page = await context.newPage();
  watchErrors(page, errors);
  await signIn(page, baton.url, kDemo);

  await lineSends(`text ${kUser} How long does shipping take?`);
  await lineSends(`image ${kUser} 700001`);
  const row = page.locator('[data-testid=console-conversation]', { hasText: '林美玲' });
  await expect(row).toBeVisible();
  await row.click();
  await expect(consoleMessages(page, 'ai')).toHaveCount(1);
  await expect(consoleMessages(page, 'ai').first().getByTestId('console-delivery')).toHaveAttribute(
    'data-delivery',
    'sent',
  );
  const photo = page.getByTestId('console-attachment').locator('img');
  await expect(photo).toBeVisible();
  assert.equal(await photo.evaluate((img) => img.complete && img.naturalWidth), 2, 'the photo loads from Baton');

  await page.getByTestId('console-takeover').click();
  await expect(page.getByTestId('console-done')).toBeVisible();
  assert.equal(await line.ask('fail /v2/bot/message/push 1 403'), 'ok');
  await page.getByTestId('console-input').fill('Could you send the order number?');
  await page.getByTestId('console-send').click();
  const mine = consoleMessages(page, 'agent').last();
  await expect(mine.getByTestId('console-delivery')).toHaveAttribute('data-delivery', 'failed');
  await expect(mine.getByTestId('console-delivery')).toContainText('403');
  await screenshot(page, 'console-line-conversation');
  await context.close();
  assert.deepEqual(errors, []);

  const { code, out } = await line.finish();
  assert.match(out, /calls [1-9]/);
  assert.equal(code, 0, `the fake saw calls LINE would refuse:\n${out}`);
});
