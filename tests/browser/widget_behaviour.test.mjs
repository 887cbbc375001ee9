// The widget on its own: isolation from a hostile host page, languages, the setting, phone
// layout, the queue place, typing, and reconnecting without losing or doubling a message.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { launchBrowser, screenshot, watchErrors } from './support/browser.mjs';
import { apiLogin, kDemo, patchAssistant, startBaton } from './support/baton.mjs';
import { eventually, expect } from './support/expect.mjs';
import { customerSays, openWidget, widgetMessages } from './support/flows.mjs';
import { startHostPage } from './support/host_page.mjs';

let baton;
let browser;
let adminToken;
const hosts = [];
const errors = [];

before(async () => {
  baton = await startBaton();
  browser = await launchBrowser();
  adminToken = await apiLogin(baton.url, kDemo.email, kDemo.password);
});

beforeEach(async () => {
  await patchAssistant(baton.url, adminToken, kDemo.assistantId, { live_agent_enabled: true });
});

after(async () => {
  await browser?.close();
  for (const host of hosts) await host.stop();
  await baton?.stop();
  assert.deepEqual(errors, []);
});

async function shopPage(options = {}, contextOptions = {}) {
  const host = await startHostPage(baton.url, { assistantId: kDemo.assistantId, ...options });
  hosts.push(host);
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  watchErrors(page, errors);
  return { page, context, url: host.url };
}

// The conversation the visitor's widget holds, as the visitor API sees it (once the widget
// has its session).
async function conversationOf(page) {
  let token = null;
  await eventually('the widget has a visitor token', async () => {
    token = await page.evaluate((id) => localStorage.getItem(`baton:${id}:token`), kDemo.assistantId);
    return token;
  });
  const response = await fetch(`${baton.url}/api/v1/widget/conversation`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200);
  return response.json();
}

async function asAdmin(method, path, body) {
  const response = await fetch(`${baton.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status}`);
  return response.status === 204 ? null : response.json();
}

test('the host page CSS cannot reach into the widget, and ours does not leak out', async () => {
  const { page, context, url } = await shopPage({ lang: 'en' });
  await openWidget(page, url);
  const launcher = page.getByTestId('baton-launcher');
  await page.mouse.move(0, 0); // not hovering: the launcher's resting colour
  const box = await launcher.boundingBox();
  assert.ok(box && box.width >= 50 && box.height >= 50, `launcher is laid out: ${JSON.stringify(box)}`);
  const style = await launcher.evaluate((el) => {
    const s = getComputedStyle(el);
    return { background: s.backgroundColor, fontSize: s.fontSize, border: s.borderTopWidth };
  });
  assert.equal(style.background, 'rgb(37, 99, 235)');
  assert.notEqual(style.fontSize, '40px');
  assert.equal(style.border, '0px');
  const inputFont = await page.getByTestId('baton-input').evaluate((el) => getComputedStyle(el).fontFamily);
  assert.ok(!inputFont.includes('Comic Sans'), inputFont);
  const pageHeading = await page.locator('h1').evaluate((el) => getComputedStyle(el).color);
  assert.equal(pageHeading, 'rgb(255, 0, 255)', 'the page keeps its own styles');
  const host = await page.locator('baton-widget').evaluate((el) => el.shadowRoot?.mode);
  assert.equal(host, 'open');
  await screenshot(page, 'widget-hostile-page');
  await context.close();
});

test('strings follow data-lang, or the browser language without it', async () => {
  const english = await shopPage({ lang: 'en' });
  await openWidget(english.page, english.url);
  await expect(english.page.getByTestId('baton-handoff')).toContainText('Talk to a human');
  await expect(english.page.getByTestId('baton-send')).toHaveText('Send');
  await english.context.close();

  const chinese = await shopPage({}, { locale: 'zh-TW' });
  await openWidget(chinese.page, chinese.url);
  await expect(chinese.page.getByTestId('baton-handoff')).toContainText('轉接真人');
  await expect(chinese.page.getByTestId('baton-send')).toHaveText('傳送');
  await expect(chinese.page.getByTestId('baton-greeting')).toContainText('您好');
  await chinese.context.close();
});

test('with the setting off there is no handoff button and a typed request gets the notice', async () => {
  await patchAssistant(baton.url, adminToken, kDemo.assistantId, { live_agent_enabled: false });
  const { page, context, url } = await shopPage({ lang: 'en' });
  await openWidget(page, url);
  await customerSays(page, 'talk to a human');
  await expect(page.locator('[data-testid=baton-message][data-event=live_agent_disabled]')).toHaveCount(1);
  await expect(notice(page, 'live_agent_disabled')).toHaveText('Live agents are not available for this service.');
  assert.equal(await page.getByTestId('baton-handoff').count(), 0);
  await context.close();
});

// Each reader's words for the notices a handoff and an agent's actions leave, from the widget's
// tables: never a split "中文\nEnglish" text.
const kNotices = {
  en: {
    handoff_requested: 'Connecting you to a live agent, please wait.',
    no_agents_online: 'No agent is available right now. Leave us a message and we will get back to you.',
    agent_joined: 'Demo Admin has joined the conversation.',
    conversation_done: 'The agent has completed this conversation; the AI assistant is back to help you.',
    reactivated: 'An agent has reopened the conversation.',
  },
  'zh-TW': {
    handoff_requested: '已為您轉接真人客服，請稍候。',
    no_agents_online: '目前沒有客服人員在線，請留下您的訊息，我們會盡快回覆。',
    agent_joined: '客服人員 Demo Admin 已加入對話。',
    conversation_done: '客服人員已結束這次對話，AI 助理將繼續為您服務。',
    reactivated: '客服人員重新開啟了對話。',
  },
};
const notice = (page, event) => page.locator(`[data-testid=baton-message][data-event=${event}] .system-text`);

test("notices render from their event in the reader's language; a two-line greeting stays two lines", async () => {
  const greeting = '歡迎光臨海風選物！\nWelcome to SeaBreeze Goods!';
  const demo = await asAdmin('GET', `/api/v1/assistants/${kDemo.assistantId}`);
  await patchAssistant(baton.url, adminToken, kDemo.assistantId, { greeting, offline_message: '' });
  try {
    for (const lang of ['en', 'zh-TW']) {
      const { page, context, url } = await shopPage({ lang });
      await openWidget(page, url);
      await expect(page.getByTestId('baton-greeting')).toHaveText(greeting);
      await page.getByTestId('baton-handoff').click();
      await expect(notice(page, 'no_agents_online')).toHaveText(kNotices[lang].no_agents_online);
      await expect(notice(page, 'handoff_requested')).toHaveText(kNotices[lang].handoff_requested);
      const conversation = await conversationOf(page);
      await asAdmin('POST', `/api/v1/conversations/${conversation.id}/takeover`);
      await expect(notice(page, 'agent_joined')).toHaveText(kNotices[lang].agent_joined);
      await asAdmin('POST', `/api/v1/conversations/${conversation.id}/done`);
      await expect(notice(page, 'conversation_done')).toHaveText(kNotices[lang].conversation_done);
      await asAdmin('POST', `/api/v1/conversations/${conversation.id}/reactivate`);
      await expect(notice(page, 'reactivated')).toHaveText(kNotices[lang].reactivated);
      await asAdmin('POST', `/api/v1/conversations/${conversation.id}/done`);
      await context.close();
    }
  } finally {
    await patchAssistant(baton.url, adminToken, kDemo.assistantId, {
      greeting: demo.greeting,
      offline_message: demo.offline_message,
    });
  }
});

test('an offline message the admin wrote in two lines is shown as written in either language', async () => {
  const offline = '週末休息，週一回覆。\nClosed at weekends; we answer on Monday.';
  const demo = await asAdmin('GET', `/api/v1/assistants/${kDemo.assistantId}`);
  await patchAssistant(baton.url, adminToken, kDemo.assistantId, { offline_message: offline });
  try {
    for (const lang of ['en', 'zh-TW']) {
      const { page, context, url } = await shopPage({ lang });
      await openWidget(page, url);
      await page.getByTestId('baton-handoff').click();
      await expect(notice(page, 'no_agents_online')).toHaveText(offline);
      await context.close();
    }
  } finally {
    await patchAssistant(baton.url, adminToken, kDemo.assistantId, { offline_message: demo.offline_message });
  }
});

test('on a phone the panel fills the screen', async () => {
  const { page, context, url } = await shopPage(
    { lang: 'en' },
    { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  );
  await openWidget(page, url);
  const panel = await page.locator('section.panel').boundingBox();
  assert.equal(Math.round(panel.width), 390);
  assert.equal(Math.round(panel.height), 844);
  // The panel's own close button is the way out; nothing covers the composer.
  await expect(page.getByTestId('baton-launcher')).toBeHidden();
  const send = await page.getByTestId('baton-send').boundingBox();
  assert.ok(send.x + send.width <= 390 && send.y + send.height <= 844, JSON.stringify(send));
  await page.getByRole('button', { name: 'Close chat' }).first().click();
  await expect(page.getByTestId('baton-launcher')).toBeVisible();
  await screenshot(page, 'widget-phone');
  await context.close();
});

test('waiting customers see their place in the queue and the agent typing', async () => {
  const agent = await browser.newContext();
  // An agent on duty: online with a live agent socket (its console page).
  const consolePage = await agent.newPage();
  watchErrors(consolePage, errors);
  await consolePage.goto(`${baton.url}/`);
  await consolePage.getByTestId('console-email').fill(kDemo.email);
  await consolePage.getByTestId('console-password').fill(kDemo.password);
  await consolePage.getByTestId('console-login').click();
  await consolePage.getByTestId('console-presence').selectOption('online');

  const first = await shopPage({ lang: 'en' });
  const second = await shopPage({ lang: 'en' });
  await openWidget(first.page, first.url);
  await expect(first.page.getByTestId('baton-agents-online')).toHaveText('1');
  await first.page.getByTestId('baton-handoff').click();
  await expect(first.page.getByText('number 1 in the queue')).toBeVisible();
  await openWidget(second.page, second.url);
  await second.page.getByTestId('baton-handoff').click();
  await expect(second.page.getByText('number 2 in the queue')).toBeVisible();

  const conversation = await conversationOf(first.page);
  await asAdmin('POST', `/api/v1/conversations/${conversation.id}/takeover`);
  await asAdmin('POST', `/api/v1/conversations/${conversation.id}/typing`);
  await expect(first.page.getByText('Demo Admin is typing')).toBeVisible();
  await consolePage.getByTestId('console-presence').selectOption('offline');
  await expect(first.page.getByTestId('baton-agents-online')).toHaveText('0');
  for (const c of [first.context, second.context, agent]) await c.close();
});

test('a dropped connection resumes with nothing lost and nothing doubled', async () => {
  const { page, context, url } = await shopPage({ lang: 'en' });
  // The test holds the widget's socket: it can cut it and refuse reconnections for a while.
  let blocked = false;
  let current = null;
  let connections = 0;
  await page.routeWebSocket(/\/api\/v1\/widget\/ws/, (ws) => {
    if (blocked) {
      ws.close();
      return;
    }
    connections += 1;
    current = ws;
    ws.connectToServer();
  });
  // The first send reaches the server but its answer is lost: the retry must not store it twice.
  let cutAnswers = 1;
  await page.route('**/api/v1/widget/messages', async (route) => {
    if (route.request().method() === 'POST' && cutAnswers > 0) {
      cutAnswers -= 1;
      await route.fetch();
      await route.abort('connectionreset');
      return;
    }
    await route.continue();
  });

  await openWidget(page, url);
  const conversation = await conversationOf(page);
  await asAdmin('POST', `/api/v1/conversations/${conversation.id}/takeover`);
  await expect(widgetMessages(page, 'system')).toHaveCount(1);

  // The socket drops. A send reaches the server but its answer is lost on the way back.
  await eventually('the widget socket is connected', () => current !== null);
  blocked = true;
  await current.close();
  await expect(page.getByText('Reconnecting…')).toBeVisible();
  await customerSays(page, 'Is anyone there?');
  await expect(page.getByText('Not sent. Tap to retry.')).toBeVisible();
  await page.getByText('Not sent. Tap to retry.').click();
  await expect(widgetMessages(page, 'customer')).toHaveCount(1);

  // The agent writes twice while the widget is away; then the network comes back.
  await asAdmin('POST', `/api/v1/conversations/${conversation.id}/messages`, {
    text: 'Written while you were away (1)',
  });
  await asAdmin('POST', `/api/v1/conversations/${conversation.id}/messages`, {
    text: 'Written while you were away (2)',
  });
  blocked = false;

  await expect(widgetMessages(page, 'agent')).toHaveCount(2, 20_000);
  await expect(widgetMessages(page, 'customer')).toHaveCount(1);
  await expect(page.getByText('Reconnecting…')).toBeHidden();
  assert.ok(connections >= 2, 'the widget reconnected');
  const messages = await (
    await fetch(`${baton.url}/api/v1/conversations/${conversation.id}/messages`, {
      headers: { Authorization: `Bearer ${adminToken}` },
    })
  ).json();
  const fromCustomer = messages.messages.filter((m) => m.sender === 'customer');
  assert.equal(fromCustomer.length, 1, 'the retried send is stored once');

  // A live message after the reconnection arrives on the new socket.
  await asAdmin('POST', `/api/v1/conversations/${conversation.id}/messages`, { text: 'And now live again' });
  await expect(widgetMessages(page, 'agent')).toHaveCount(3);
  await eventually('seq order with no gaps', async () => {
    const seqs = await page.locator('[data-testid=baton-message]').count();
    return seqs === messages.messages.length + 1;
  });
  await context.close();
});

test('the widget works from the keyboard alone', async () => {
  const { page, context, url } = await shopPage({ lang: 'en' });
  await page.goto(url);
  const launcher = page.getByTestId('baton-launcher');
  await launcher.focus();
  await page.keyboard.press('Enter');
  const input = page.getByTestId('baton-input');
  await expect(input).toBeVisible();
  assert.equal(await input.evaluate((el) => el.getRootNode().activeElement === el), true, 'the input has the focus');
  await page.keyboard.type('How do I reset my password?');
  await page.keyboard.press('Enter');
  await expect(widgetMessages(page, 'ai')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(input).toBeHidden();
  assert.equal(
    await launcher.evaluate((el) => el.getRootNode().activeElement === el),
    true,
    'focus is back on the launcher',
  );
  assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
  await context.close();
});
