// LINE's monthly message quota in the console: Settings → LINE shows LINE's figures and the
// pushes Baton sent, with a warning past 80 % that agents also see in the inbox; a push LINE
// refuses for the monthly limit is marked on the message with what to do (wait for the
// customer's next message, whose answer is a free reply). Taking over a LINE chat that is open
// marks the customer's message read on LINE. The LINE platform is the project's
// fake (it checks every call against the official API's rules).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, screenshot, watchErrors } from './support/browser.mjs';
import { apiLogin, kDemo, startBaton } from './support/baton.mjs';
import { eventually, expect } from './support/expect.mjs';
import { fakeBinary, startFake } from './support/fakes.mjs';
import { consoleMessages, signIn } from './support/flows.mjs';

const kSecret = '7e9b2d4f6a8c0e1b3d5f7a9c2e5c1f3a';
const kToken = 'QuotaBrowserTestAccessToken0123456789abcdefghijklmn=';
const kUser = 'U6b2c3d4e5f60718293a4b5c6d7e8f9a0';

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

test('Settings → LINE shows the month’s quota, and agents are warned past 80 %', async () => {
  assert.equal(await line.ask('quota limited 1000 850'), 'ok');
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  const page = await context.newPage();
  watchErrors(page, errors);
  await signIn(page, baton.url, kDemo);
  // The inbox warns every agent.
  await expect(page.getByTestId('console-line-quota-banner')).toContainText('850 of 1000');

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('console-line-quota-usage')).toHaveText('850 of 1000 messages used (LINE’s count)');
  await expect(page.getByTestId('console-line-quota-pushes')).toContainText('Baton pushed 0 of them');
  await expect(page.getByTestId('console-line-quota-warning')).toBeVisible();
  await page.getByTestId('console-line-quota').scrollIntoViewIfNeeded();
  await screenshot(page, 'console-line-quota');
  await context.close();
  assert.deepEqual(errors, []);
});

test('a push past the monthly limit shows LINE’s reason and what to do', async () => {
  assert.equal(await line.ask(`profile ${kUser} 陳志明 -`), 'ok');
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  const page = await context.newPage();
  watchErrors(page, errors);
  await signIn(page, baton.url, kDemo);
  await lineSends(`text ${kUser} Where is my order?`);
  const row = page.locator('[data-testid=console-conversation]', { hasText: '陳志明' });
  await expect(row).toBeVisible();
  await row.click();
  await expect(consoleMessages(page, 'ai').first().getByTestId('console-delivery')).toHaveAttribute(
    'data-delivery',
    'sent',
  );
  // While the AI held the chat the customer's message stayed unread on LINE.
  const markedRead = async () =>
    JSON.parse(await line.ask('calls')).filter((c) => c.path === '/v2/bot/chat/markAsRead' && c.status === 200);
  assert.deepEqual(await markedRead(), []);
  await page.getByTestId('console-takeover').click();
  await expect(page.getByTestId('console-done')).toBeVisible();
  // Held by this agent and open in front of them: the console's read marks it read, once.
  await eventually('LINE was told the message was read', async () => (await markedRead()).length === 1);

  assert.equal(await line.ask('monthly_limit on'), 'ok');
  await page.getByTestId('console-input').fill('Your parcel left the warehouse today.');
  await page.getByTestId('console-send').click();
  const refused = consoleMessages(page, 'agent').last().getByTestId('console-delivery');
  await expect(refused).toHaveAttribute('data-delivery', 'failed');
  await expect(refused).toHaveAttribute('data-reason', 'monthly_limit');
  await expect(refused).toContainText('monthly message limit');
  await expect(refused).toContainText('customer’s next message');
  await screenshot(page, 'console-line-monthly-limit');
  await context.close();
  assert.deepEqual(errors, []);

  const { code, out } = await line.finish();
  assert.equal(code, 0, `the fake saw calls LINE would refuse:\n${out}`);
});
