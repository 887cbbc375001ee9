// One history policy in both front ends (web/shared/history.ts): a conversation of more than 500
// messages opens in the console on its newest page and pages back; a frame lost on the way is
// fetched from the end of the unbroken run while the pages shown stay on screen; so many missed
// that fetching them all is pointless shows the newest page; the widget repairs a lost frame too.
// Frames are lost on purpose by routing the page's socket through the test.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { watchErrors } from './support/browser.mjs';
import { apiLogin, apiRequest, kDemo } from './support/baton.mjs';
import { eventually, expect } from './support/expect.mjs';
import { consoleMessages, customerSays, openWidget, signIn, widgetMessages } from './support/flows.mjs';
import { useStack } from './support/stack.mjs';

const stack = useStack({ lang: 'en' });
const errors = [];
const contexts = [];
after(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  assert.deepEqual(errors, []);
});

const kHistoryPage = 50; // the console's page of messages

async function newPage(viewport = { width: 1366, height: 820 }) {
  const context = await stack.browser.newContext({ viewport, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  watchErrors(page, errors);
  return page;
}

// Routes the page's sockets matching `url` through the test: a server frame for which `lose`
// answers true never reaches the page.
async function loseFrames(page, url, lose) {
  await page.routeWebSocket(url, (socket) => {
    const server = socket.connectToServer();
    server.onMessage((message) => {
      let frame = null;
      try {
        frame = JSON.parse(String(message));
      } catch {
        // not JSON: passed on
      }
      if (!frame || !lose(frame)) socket.send(message);
    });
  });
}

const textOf = (frame) => (frame.type === 'message.created' ? frame.message.text : null);

// A customer (through the widget API) whom the AI has answered; the conversation's id.
async function customerConversation(adminToken, text) {
  const session = await apiRequest(
    stack.baton.url,
    null,
    'POST',
    `/api/v1/widget/assistants/${kDemo.assistantId}/sessions`,
    {},
    201,
  );
  await apiRequest(stack.baton.url, session.visitor_token, 'POST', '/api/v1/widget/messages', { text }, 201);
  const id = session.conversation_id;
  await eventually('the AI answered', async () => {
    const { messages } = await apiRequest(stack.baton.url, adminToken, 'GET', `/api/v1/conversations/${id}/messages`);
    return messages.some((m) => m.sender === 'ai');
  });
  return id;
}

// The agent's messages, one at a time so that seq order is text order.
async function agentWrites(adminToken, id, texts) {
  for (const text of texts) {
    await apiRequest(stack.baton.url, adminToken, 'POST', `/api/v1/conversations/${id}/messages`, { text }, 201);
  }
}

const numbered = (prefix, count) =>
  Array.from({ length: count }, (_, i) => `${prefix} ${String(i + 1).padStart(3, '0')}`);

test('the console shows the newest of 600 messages, repairs a lost frame in place, and jumps past 510 missed', async () => {
  const adminToken = await apiLogin(stack.baton.url, kDemo.email, kDemo.password);
  const id = await customerConversation(adminToken, 'My order never arrived');
  await agentWrites(adminToken, id, numbered('History', 600));

  let lose = () => false;
  const page = await newPage();
  await loseFrames(page, /\/api\/v1\/agent\/ws/, (frame) => lose(frame));
  await signIn(page, stack.baton.url, kDemo);
  await page.evaluate((conversationId) => {
    location.hash = `#/inbox/${encodeURIComponent(conversationId)}`;
  }, id);

  // The newest page: History 551 to 600, with earlier ones to load.
  const messages = page.getByTestId('console-message');
  await expect(messages.last()).toContainText('History 600');
  await expect(messages).toHaveCount(kHistoryPage);
  await expect(messages.first()).toContainText('History 551');
  await expect(page.getByTestId('console-load-earlier')).toBeVisible();
  // Scrolling to the top loads one earlier page and keeps the reader where they were, so the
  // pane is not at its top any more. (Clicking the button would scroll it into view first, which
  // loads a page by itself, and the click then a second one: a race in the test, not the product.)
  await page.evaluate(() => {
    document.querySelector('.messages').scrollTop = 0;
  });
  await expect(messages).toHaveCount(2 * kHistoryPage);
  assert.ok(
    await page.evaluate(() => document.querySelector('.messages').scrollTop > 40),
    'the reader stayed in place',
  );
  await expect(messages.first()).toContainText('History 501');

  // From here on, how few messages the pane ever shows.
  await page.evaluate(() => {
    const count = () => document.querySelectorAll('[data-testid=console-message]').length;
    window.fewestShown = count();
    new MutationObserver(() => {
      window.fewestShown = Math.min(window.fewestShown, count());
    }).observe(document.body, { childList: true, subtree: true });
  });

  // One frame lost: the next message shows the gap, which is fetched; nothing shown goes away.
  lose = (frame) => textOf(frame) === 'Lost on the way';
  await agentWrites(adminToken, id, ['Lost on the way', 'Arrived after it']);
  await expect(messages.last()).toContainText('Arrived after it');
  await expect(messages).toHaveCount(2 * kHistoryPage + 2);
  await expect(messages.nth(2 * kHistoryPage)).toContainText('Lost on the way');
  await expect(messages.first()).toContainText('History 501');
  assert.equal(await page.evaluate(() => window.fewestShown), 2 * kHistoryPage, 'the pane was cut while repairing');

  // 510 frames lost (more than one catch-up fetches): the newest page, and the rest on demand.
  lose = (frame) => frame.type === 'message.created';
  await agentWrites(adminToken, id, numbered('Missed', 510));
  lose = () => false;
  await agentWrites(adminToken, id, ['Back in touch']);
  await expect(messages.last()).toContainText('Back in touch');
  await expect(messages).toHaveCount(kHistoryPage);
  await expect(messages.nth(kHistoryPage - 2)).toContainText('Missed 510');
  await expect(messages.first()).toContainText('Missed 462');
  await expect(page.getByTestId('console-load-earlier')).toBeVisible();
  await expect(consoleMessages(page, 'agent').filter({ hasText: 'Arrived after it' })).toHaveCount(0);
});

test('the widget fetches a lost frame from the end of its unbroken run and shows the messages in order', async () => {
  const adminToken = await apiLogin(stack.baton.url, kDemo.email, kDemo.password);
  let conversationId = null;
  const page = await newPage({ width: 1280, height: 800 });
  await loseFrames(page, /\/api\/v1\/widget\/ws/, (frame) => {
    if (frame.type === 'message.created') conversationId = frame.message.conversation_id;
    return textOf(frame) === 'Lost reply';
  });
  await openWidget(page, stack.shop.url);
  await customerSays(page, 'How do I reset my password?');
  await expect(widgetMessages(page, 'ai')).toHaveCount(1);
  assert.ok(conversationId, 'no message frame reached the widget');

  await agentWrites(adminToken, conversationId, ['Lost reply', 'Second reply']);
  await expect(widgetMessages(page, 'agent')).toHaveCount(2);
  await expect(widgetMessages(page, 'agent').first()).toContainText('Lost reply');
  await expect(widgetMessages(page, 'agent').last()).toContainText('Second reply');
});
