// The agent's tools in the console (team operations §4.5-4.7, §4.14): the `/` picker inserting
// a canned reply at the caret, two in one message; an IME composition's Enter never sending;
// a note with an @mention reaching the mentioned teammate and never the customer; labels and
// the list's label filter; Alt+D with a confirmation; `j` typed in the composer staying text;
// the `?` cheat sheet in English and Chinese.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { screenshot, watchErrors } from './support/browser.mjs';
import { apiLogin, apiRequest, createAgent, kDemo } from './support/baton.mjs';
import { expect } from './support/expect.mjs';
import { openWidget, setPresence, signIn, widgetMessages } from './support/flows.mjs';
import { useStack } from './support/stack.mjs';

const stack = useStack({ lang: 'en' });
const errors = [];
const contexts = [];
const kCai = { email: 'cai@demo.baton', name: 'Cai Lin' };

let ready = null;
const setUp = () =>
  (ready ??= (async () => {
    const token = await apiLogin(stack.baton.url, kDemo.email, kDemo.password);
    await createAgent(stack.baton.url, token, kCai);
  })());

after(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
});

async function newPage(options = { viewport: { width: 1366, height: 820 } }) {
  const context = await stack.browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  watchErrors(page, errors);
  return page;
}

async function agentOnDuty(credentials) {
  await setUp();
  const page = await newPage();
  await signIn(page, stack.baton.url, credentials);
  await setPresence(page, 'online');
  return page;
}

// A customer who asked for a person, and the admin holding their conversation.
async function liveChat(admin) {
  const customer = await newPage({ viewport: { width: 1280, height: 800 } });
  await openWidget(customer, stack.shop.url);
  await customer.getByTestId('baton-handoff').click();
  await expect(admin.getByTestId('console-popup')).toBeVisible();
  await admin.getByTestId('console-popup-accept').click();
  await expect(admin.getByTestId('console-status')).toHaveText('Live');
  return customer;
}

// Waits for the composer's caret to stand at `at`.
const caretAt = (page, at) =>
  page.waitForFunction((at) => document.querySelector('[data-testid=console-input]').selectionStart === at, at);

test('`/` inserts canned replies at the caret, two in one message, and nothing is sent until Enter', async () => {
  const admin = await agentOnDuty(kDemo);
  const customer = await liveChat(admin);
  const input = admin.getByTestId('console-input');
  const picker = admin.getByTestId('canned-picker');

  // Text on both sides of the caret: the reply goes between them, replacing only the `/退` typed.
  await input.fill('Hi  Bye');
  await input.evaluate((el) => el.setSelectionRange(3, 3));
  await input.pressSequentially('/退');
  await expect(picker.getByTestId('canned-picker-item').first()).toContainText('/退貨');
  await screenshot(admin, 'console-canned-picker');
  await input.press('Enter');
  await expect(picker).toBeHidden();
  const first = await input.inputValue();
  assert.match(first, /^Hi .*商品到貨七天內可申請退貨.*我是 Demo Admin.* Bye$/s, first);
  assert.ok(!first.includes('{{'), 'the variables are filled in');
  await caretAt(admin, first.length - ' Bye'.length); // the caret follows the inserted text
  await expect(widgetMessages(customer, 'agent')).toHaveCount(0);

  // A second one (found by its text, in the picker's second place after the arrow) in the same message.
  await input.pressSequentially(' /than');
  await expect(picker.getByTestId('canned-picker-item')).toHaveCount(1);
  await expect(picker.getByTestId('canned-picker-item')).toContainText('/thanks');
  await input.press('Tab');
  const both = await input.inputValue();
  assert.ok(both.includes('謝謝您的耐心等候！Thank you for waiting!'), both);
  await input.press('Enter');
  await expect(widgetMessages(customer, 'agent')).toHaveCount(1);
  await expect(widgetMessages(customer, 'agent').first()).toContainText('七天內可申請退貨');
  await expect(widgetMessages(customer, 'agent').first()).toContainText('Thank you for waiting!');
  await expect(input).toHaveValue('');

  // Escape closes the picker and leaves the text as typed.
  await input.pressSequentially('/ref');
  await expect(picker).toBeVisible();
  await input.press('Escape');
  await expect(picker).toBeHidden();
  await expect(input).toHaveValue('/ref');

  // Enter with nothing to pick (no match, or the search still running) sends nothing.
  await input.fill('');
  await input.pressSequentially('/zzz-no-such-reply');
  await expect(picker).toContainText('No canned reply matches.');
  await input.press('Enter');
  await expect(input).toHaveValue('/zzz-no-such-reply');
  await input.press('Escape');
  await input.fill('ok');
  await input.press('Enter');
  await expect(widgetMessages(customer, 'agent')).toHaveCount(2);
  await expect(widgetMessages(customer, 'agent').last()).toHaveText(/ok/);
  await customer.context().close();
  assert.deepEqual(errors, []);
});

test('Enter inside an IME composition never sends; Enter after it does, once', async () => {
  const admin = await agentOnDuty(kDemo);
  const customer = await liveChat(admin);
  const input = admin.getByTestId('console-input');
  await input.focus();
  // A Bopomofo user picks 你好 with Enter: the browser marks those key presses as composing.
  await input.evaluate((el) => el.dispatchEvent(new CompositionEvent('compositionstart', { data: '' })));
  await admin.keyboard.insertText('你好');
  for (const init of [{ isComposing: true }, { keyCode: 229 }]) {
    await input.evaluate(
      (el, init) =>
        el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init })),
      init,
    );
  }
  await input.evaluate((el) => el.dispatchEvent(new CompositionEvent('compositionend', { data: '你好' })));
  await expect(input).toHaveValue('你好');
  // A shortcut letter during a composition is a letter too: Alt+D with isComposing does nothing.
  await input.evaluate((el) =>
    el.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'd', code: 'KeyD', altKey: true, isComposing: true, bubbles: true }),
    ),
  );
  await expect(admin.getByTestId('confirm-done')).toHaveCount(0);
  await input.press('Enter');
  await expect(widgetMessages(customer, 'agent')).toHaveCount(1);
  await expect(widgetMessages(customer, 'agent').first()).toContainText('你好');
  await customer.context().close();
  assert.deepEqual(errors, []);
});

test('a note with an @mention reaches the teammate named, never the customer', async () => {
  const admin = await agentOnDuty(kDemo);
  const cai = await agentOnDuty({ email: kCai.email, password: 'tea-garden-42' });
  const customer = await liveChat(admin);
  const marker = 'NOTE-MARKER-3b7c refund approved';

  // A reply half-written stays a reply: the note has a draft of its own.
  const input = admin.getByTestId('console-input');
  await input.fill('a reply draft');
  await input.press('Alt+N');
  await expect(admin.locator('form.composer[data-mode=note]')).toHaveCount(1);
  await expect(input).toHaveValue('');
  await input.pressSequentially('@Ca');
  await expect(admin.getByTestId('mention-picker-item')).toHaveCount(1);
  await input.press('Enter');
  await input.pressSequentially(marker);
  await expect(input).toHaveValue(`@${kCai.name} ${marker}`);
  await admin.getByTestId('note-send').click();
  await expect(admin.getByTestId('console-note')).toContainText(marker);
  await screenshot(admin, 'console-note');

  // Cai: the mention count, the inbox, and the note in the conversation it opens.
  await expect(cai.getByTestId('mentions-count')).toHaveText('1');
  await cai.getByTestId('mentions-button').click();
  await expect(cai.getByTestId('mention-item')).toContainText(marker);
  await screenshot(cai, 'console-mentions');
  await cai.getByTestId('mention-item').click();
  await expect(cai.getByTestId('console-note')).toContainText(marker);
  await expect(cai.getByTestId('mentions-count')).toHaveCount(0);

  // Back to replying: the draft is there; the customer gets the reply, never the note.
  await input.press('Alt+N');
  await expect(admin.locator('form.composer[data-mode=reply]')).toHaveCount(1);
  await expect(input).toHaveValue('a reply draft');
  await input.fill('Your refund is on its way.');
  await input.press('Enter');
  await expect(widgetMessages(customer, 'agent')).toHaveCount(1);
  const shown = await customer.locator('[data-testid=baton-message]').allInnerTexts();
  assert.ok(!shown.some((text) => text.includes('NOTE-MARKER')), `the note reached the customer: ${shown.join(' | ')}`);
  await setPresence(cai, 'offline');
  await cai.context().close();
  await customer.context().close();
  assert.deepEqual(errors, []);
});

test('labels from the catalog sort conversations and filter the list; Alt+D asks, then finishes', async () => {
  const admin = await agentOnDuty(kDemo);
  const customer = await liveChat(admin);
  const input = admin.getByTestId('console-input');

  // Typing `j` in the composer is text, not navigation.
  const before = await admin.evaluate(() => location.hash);
  await input.pressSequentially('j');
  await expect(input).toHaveValue('j');
  assert.equal(await admin.evaluate(() => location.hash), before);
  await input.fill('');

  await input.press('Alt+L');
  await expect(admin.getByTestId('labels-editor')).toBeVisible();
  await admin.locator('[data-testid=label-option][data-label=vip]').check();
  await expect(admin.locator('.pane-header [data-testid=label-chip][data-label=vip]')).toBeVisible();
  await screenshot(admin, 'console-labels');
  const openId = decodeURIComponent(before.split('/').pop());
  const token = await apiLogin(stack.baton.url, kDemo.email, kDemo.password);
  const labelled = await apiRequest(stack.baton.url, token, 'GET', '/api/v1/conversations?label=vip');
  assert.deepEqual(
    labelled.conversations.map((c) => c.id),
    [openId],
  );
  await admin.getByTestId('label-filter').selectOption('vip');
  await expect(admin.getByTestId('console-conversation')).toHaveCount(1);
  await admin.getByTestId('label-filter').selectOption('');

  await input.press('Alt+D');
  await expect(admin.getByTestId('confirm-done')).toBeVisible();
  await admin.getByTestId('confirm-done-yes').click();
  await expect(admin.getByTestId('console-status')).toHaveText('Done');
  await customer.context().close();
  assert.deepEqual(errors, []);
});

test('`?` opens the cheat sheet, in English and in Chinese', async () => {
  const admin = await agentOnDuty(kDemo);
  await admin.locator('.list-pane').click({ position: { x: 5, y: 5 } });
  await admin.keyboard.press('?');
  const help = admin.getByTestId('shortcuts-help');
  await expect(help).toContainText('Keyboard shortcuts');
  await expect(help).toContainText('Alt+Shift+D');
  await screenshot(admin, 'console-shortcuts');
  await admin.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await admin.getByTestId('console-language').selectOption('zh-TW');
  await admin.locator('.list-pane').click({ position: { x: 5, y: 5 } });
  await admin.keyboard.press('?');
  await expect(help).toContainText('鍵盤快捷鍵');
  await expect(help).toContainText('切換回覆與備註');
  await admin.keyboard.press('Escape');
  await admin.getByTestId('console-language').selectOption('en');
  assert.deepEqual(errors, []);
});
