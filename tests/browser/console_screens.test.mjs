// The console's other screens: settings (the live-agent checkbox, the embed snippet, agents),
// knowledge (add, edit, delete, and the AI answering from it at once), languages, sign-in errors.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { screenshot, watchErrors } from './support/browser.mjs';
import { kDemo } from './support/baton.mjs';
import { eventually, expect } from './support/expect.mjs';
import { customerSays, openWidget, signIn, widgetMessages } from './support/flows.mjs';
import { useStack } from './support/stack.mjs';

const stack = useStack({ lang: 'en' });
const errors = [];
after(() => assert.deepEqual(errors, []));

async function consolePage(options = {}) {
  const context = await stack.browser.newContext({ viewport: { width: 1366, height: 820 }, ...options });
  const page = await context.newPage();
  watchErrors(page, errors);
  return { page, context };
}

test('a wrong password shows the error and keeps the form', async () => {
  const { page, context } = await consolePage({ locale: 'en-US' });
  await page.goto(`${stack.baton.url}/`);
  await screenshot(page, 'console-login');
  await page.getByTestId('console-email').fill(kDemo.email);
  await page.getByTestId('console-password').fill('not-the-password');
  await page.getByTestId('console-login').click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('console-login')).toBeVisible();
  await context.close();
});

test('a session that ends elsewhere brings the sign-in back', async () => {
  const { page, context } = await consolePage();
  await signIn(page, stack.baton.url, kDemo);
  await context.clearCookies();
  // Any next call finds the session gone (a background resync may get there first).
  await page.evaluate(() => {
    location.hash = '#/knowledge';
  });
  await expect(page.getByTestId('console-login')).toBeVisible();
  await context.close();
});

test('a hidden console tab gets a chime and a browser notification on a handoff', async () => {
  const { page, context } = await consolePage();
  await context.grantPermissions(['notifications'], { origin: stack.baton.url });
  // The page believes it is a background tab; notifications and tones are recorded.
  await page.addInitScript(() => {
    Object.defineProperty(document, 'hidden', { get: () => true });
    window.__shown = [];
    window.Notification = class {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      constructor(title, options) {
        window.__shown.push({ title, body: options?.body });
      }
      close() {}
    };
    window.__tones = 0;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args) {
      window.__tones += 1;
      return start.apply(this, args);
    };
  });
  await signIn(page, stack.baton.url, kDemo);
  await page.getByTestId('console-presence').selectOption('online');
  await expect(page.getByTestId('console-presence')).toHaveValue('online');

  const customer = await stack.browser.newContext();
  const widget = await customer.newPage();
  watchErrors(widget, errors);
  await openWidget(widget, stack.shop.url);
  await expect(widget.getByTestId('baton-agents-online')).toHaveText('1');
  await widget.getByTestId('baton-handoff').click();
  await expect(page.getByTestId('console-popup')).toBeVisible();
  await eventually('a notification was shown', () => page.evaluate(() => window.__shown.length === 1));
  assert.match(await page.evaluate(() => window.__shown[0].title), /^Visitor /);
  assert.ok((await page.evaluate(() => window.__tones)) >= 1, 'the chime played');
  await page.getByTestId('console-presence').selectOption('offline');
  await customer.close();
  await context.close();
});

test('the live-agent checkbox decides whether customers see "Talk to a human"', async () => {
  const { page, context } = await consolePage();
  await signIn(page, stack.baton.url, kDemo);
  await page.getByRole('link', { name: 'Settings' }).click();
  const checkbox = page.getByTestId('console-live-agent-enabled');
  await expect(page.getByTestId('console-assistant-settings')).toContainText(
    'Users can ask to talk to a human agent during the chat',
  );
  await expect(page.getByTestId('console-embed-snippet')).toContainText(
    `/widget.js" data-assistant-id="${kDemo.assistantId}" async`,
  );
  await screenshot(page, 'console-settings');

  await checkbox.uncheck();
  await page.getByTestId('console-save-assistant').click();
  await expect(page.getByRole('status')).toContainText('Saved');
  const customer = await stack.browser.newContext();
  const widget = await customer.newPage();
  watchErrors(widget, errors);
  await openWidget(widget, stack.shop.url);
  await expect(widget.getByTestId('baton-greeting')).toBeVisible();
  assert.equal(await widget.getByTestId('baton-handoff').count(), 0);

  await checkbox.check();
  await expect(page.getByRole('status')).toBeHidden();
  await page.getByTestId('console-save-assistant').click();
  await expect(page.getByRole('status')).toContainText('Saved');
  await widget.reload();
  await widget.getByTestId('baton-launcher').waitFor();
  if (!(await widget.getByTestId('baton-input').isVisible())) await widget.getByTestId('baton-launcher').click();
  await expect(widget.getByTestId('baton-handoff')).toBeVisible();
  await customer.close();
  await context.close();
});

test('an admin connects LINE and gets the webhook URL; the secret is never shown again', async () => {
  const { page, context } = await consolePage();
  await signIn(page, stack.baton.url, kDemo);
  await page.getByRole('link', { name: 'Settings' }).click();
  const secret = '8f1c2e4b6a7d9e0f1a2b3c4d5e6f7a8b';
  await page.getByTestId('console-line-secret').fill(secret);
  await page.getByTestId('console-line-token').fill('XvY3ab0dBfG5hJkLmN7pQrStUvWxYz0123456789');
  await page.getByTestId('console-line-save').click();
  await expect(page.getByTestId('console-line-webhook-url')).toContainText(`/webhooks/line/${kDemo.assistantId}`);
  await page.reload();
  await expect(page.getByText('Connected. Paste this webhook URL')).toBeVisible();
  assert.ok(!(await page.content()).includes(secret), 'the secret is not on the page');
  await context.close();
});

test('an admin adds an agent who can then sign in', async () => {
  const { page, context } = await consolePage();
  await signIn(page, stack.baton.url, kDemo);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Lin Yi-Chen');
  await page.getByPlaceholder('E-mail').fill('yichen@demo.baton');
  await page.getByPlaceholder('Password').fill('tea-garden-42');
  await page.getByRole('button', { name: 'Add agent' }).click();
  await expect(page.getByTestId('console-team-row').filter({ hasText: 'yichen@demo.baton' })).toHaveCount(1);
  await context.close();

  const second = await consolePage();
  await signIn(second.page, stack.baton.url, { email: 'yichen@demo.baton', password: 'tea-garden-42' });
  await expect(second.page.locator('.me .who')).toHaveText('Lin Yi-Chen');
  await second.context.close();
});

test('knowledge added, edited and deleted in the console changes the very next answer', async () => {
  const { page, context } = await consolePage();
  await signIn(page, stack.baton.url, kDemo);
  await page.getByRole('link', { name: 'Knowledge' }).click();
  const add = page.getByTestId('console-knowledge-add');
  await add.getByTestId('console-knowledge-question').fill('Do you sell surfboards?');
  await add.getByTestId('console-knowledge-answer').fill('Yes: our Kenting surfboards start at NT$9,800.');
  await add.getByTestId('console-knowledge-save').click();
  const entry = page.getByTestId('console-knowledge-entry').filter({ hasText: 'surfboards' });
  await expect(entry).toHaveCount(1);
  await screenshot(page, 'console-knowledge');

  const customer = await stack.browser.newContext();
  const widget = await customer.newPage();
  watchErrors(widget, errors);
  await openWidget(widget, stack.shop.url);
  await customerSays(widget, 'Do you sell surfboards?');
  await expect(widgetMessages(widget, 'ai').last()).toContainText('NT$9,800');

  await entry.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByTestId('console-knowledge-edit');
  await edit.getByTestId('console-knowledge-answer').fill('Yes: Kenting surfboards now from NT$8,800.');
  await edit.getByTestId('console-knowledge-save').click();
  await expect(page.getByTestId('console-knowledge-entry').filter({ hasText: 'NT$8,800' })).toHaveCount(1);
  await customerSays(widget, 'Do you sell surfboards?');
  await expect(widgetMessages(widget, 'ai')).toHaveCount(2);
  await expect(widgetMessages(widget, 'ai').last()).toContainText('NT$8,800');

  await page
    .getByTestId('console-knowledge-entry')
    .filter({ hasText: 'NT$8,800' })
    .getByTestId('console-knowledge-delete')
    .click();
  await page.getByTestId('console-knowledge-confirm-delete').click();
  await expect(page.getByTestId('console-knowledge-entry').filter({ hasText: 'surfboards' })).toHaveCount(0);
  await customerSays(widget, 'Do you sell surfboards?');
  await expect(widgetMessages(widget, 'ai')).toHaveCount(3);
  const last = await widgetMessages(widget, 'ai').last().innerText();
  assert.ok(!last.includes('NT$8,800'), last);
  await customer.close();
  await context.close();
});

test('"Improve answer" on an AI reply teaches the AI for the next customer', async () => {
  const { page, context } = await consolePage();
  await signIn(page, stack.baton.url, kDemo);
  const customer = await stack.browser.newContext();
  const widget = await customer.newPage();
  watchErrors(widget, errors);
  await openWidget(widget, stack.shop.url);
  await customerSays(widget, 'Can I pay with Bitcoin?');
  await expect(widgetMessages(widget, 'ai')).toHaveCount(1);

  // This customer's row (the list is live: wait for it to arrive).
  const token = await widget.evaluate((id) => localStorage.getItem(`baton:${id}:token`), kDemo.assistantId);
  const mine = await (
    await fetch(`${stack.baton.url}/api/v1/widget/conversation`, { headers: { Authorization: `Bearer ${token}` } })
  ).json();
  await page.locator(`[data-testid=console-conversation][data-id="${mine.id}"]`).click();
  await expect(page.getByTestId('console-message').filter({ hasText: 'Bitcoin' })).toHaveCount(1);
  await page.getByTestId('console-improve-answer').last().click();
  await expect(page.getByTestId('console-teach-question')).toHaveValue('Can I pay with Bitcoin?');
  await page.getByTestId('console-teach-answer').fill('Not yet: we take cards, LINE Pay and ATM transfers.');
  await page.getByTestId('console-teach-save').click();
  await expect(page.getByTestId('console-teach-form').getByRole('status')).toContainText('Saved');
  await screenshot(page, 'console-improve-answer');

  // A new customer asking the same gets the taught answer at once.
  const next = await stack.browser.newContext();
  const other = await next.newPage();
  watchErrors(other, errors);
  await openWidget(other, stack.shop.url);
  await customerSays(other, 'Can I pay with Bitcoin?');
  await expect(widgetMessages(other, 'ai').last()).toContainText('Not yet: we take cards');
  await next.close();
  await customer.close();
  await context.close();
});

test('the playground answers without a conversation; knowledge imports and exports as files', async () => {
  const { page, context } = await consolePage();
  await signIn(page, stack.baton.url, kDemo);
  await page.getByRole('link', { name: 'Knowledge' }).click();
  await page.getByTestId('console-playground-input').fill('可以寄到马来西亚吗');
  await page.getByTestId('console-playground-ask').click();
  const reply = page.getByTestId('console-playground-reply');
  await expect(reply).toHaveAttribute('data-kind', 'answer');
  await expect(page.getByTestId('console-playground-entry')).toContainText('海外');
  // Why: the confidence against the threshold, and no handoff for a plain question.
  await expect(reply.getByTestId('console-playground-why')).toContainText('Answered: confidence');
  await expect(reply.getByTestId('console-playground-handoff')).toHaveCount(0);
  // A second question continues the chat; the fallback names the words no entry knows.
  await page.getByTestId('console-playground-input').fill('Who won the baseball game?');
  await page.getByTestId('console-playground-ask').click();
  await expect(page.getByTestId('console-playground-reply')).toHaveCount(2);
  const fallback = page.getByTestId('console-playground-reply').last();
  await expect(fallback).toHaveAttribute('data-kind', 'fallback');
  await expect(fallback.getByTestId('console-playground-why')).toContainText('Fell back: confidence');
  await expect(fallback.getByTestId('console-playground-unknown')).toContainText('baseball');
  // A request for a person is shown as the handoff it would be, with the rule that saw it.
  await page.getByTestId('console-playground-input').fill('could you put me through to a live agent?');
  await page.getByTestId('console-playground-ask').click();
  const handoff = page.getByTestId('console-playground-reply').nth(2).getByTestId('console-playground-handoff');
  await expect(handoff).toHaveAttribute('data-requested', 'true');
  await expect(handoff).toContainText('agent');
  await screenshot(page, 'console-playground');

  const csv =
    'question,answer\r\n"Do you sell kites?","Yes, from NT$450."\r\n"Is there parking?","Yes, two hours free."\r\n';
  await page
    .getByTestId('console-import-file')
    .setInputFiles({ name: 'faq.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('console-import-result')).toHaveText('2 entries imported.');
  await expect(page.getByTestId('console-knowledge-entry').filter({ hasText: 'Do you sell kites?' })).toHaveCount(1);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('console-export-csv').click()]);
  const path = await download.path();
  const exported = (await import('node:fs')).readFileSync(path, 'utf8');
  assert.ok(exported.startsWith('question,answer\r\n'), exported.slice(0, 40));
  assert.ok(exported.includes('Yes, two hours free.'));
  assert.equal(download.suggestedFilename(), `${kDemo.assistantId}-knowledge.csv`);
  await context.close();
});

test('the console speaks Traditional Chinese, chosen by the browser or the switch', async () => {
  const { page, context } = await consolePage({ locale: 'zh-TW' });
  await page.goto(`${stack.baton.url}/`);
  await expect(page.getByTestId('console-login')).toHaveText('登入');
  await signIn(page, stack.baton.url, kDemo);
  await expect(page.getByTestId('console-view-live-agent')).toContainText('真人客服');
  await expect(page.getByRole('link', { name: '知識庫' })).toBeVisible();
  await screenshot(page, 'console-zh-tw');
  await page.getByTestId('console-language').selectOption('en');
  await expect(page.getByTestId('console-view-live-agent')).toContainText('Live Agent');
  await page.getByTestId('console-logout').click();
  await expect(page.getByTestId('console-login')).toBeVisible();
  await context.close();
});
