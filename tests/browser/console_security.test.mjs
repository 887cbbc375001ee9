// Sessions that end and lists that page, seen from the console: an admin disables, enables and
// resets an agent (whose open console goes back to sign-in), anyone changes their own password,
// the last admin stays an admin, too many wrong passwords show the wait; a long conversation
// opens on its newest message and pages back; the conversation list pages and stays live.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, screenshot, watchErrors } from './support/browser.mjs';
import { apiLogin, kDemo, startBaton } from './support/baton.mjs';
import { eventually, expect } from './support/expect.mjs';
import { signIn } from './support/flows.mjs';

// Many customers from one test address: the per-address session limit is raised for this file.
const kServerArgs = ['--widget-session-rate', '1000'];
const kConversationPage = 50; // the console's page of conversations
const kHistoryPage = 50; // and of messages

const stack = {};
const errors = [];
before(async () => {
  stack.baton = await startBaton({ extraArgs: kServerArgs });
  try {
    stack.browser = await launchBrowser();
  } catch (error) {
    await stack.baton.stop();
    throw error;
  }
  stack.adminToken = await apiLogin(stack.baton.url, kDemo.email, kDemo.password);
});
after(async () => {
  await stack.browser?.close();
  await stack.baton?.stop();
  assert.deepEqual(errors, []);
});

async function consolePage() {
  const context = await stack.browser.newContext({ viewport: { width: 1366, height: 820 }, locale: 'en-US' });
  const page = await context.newPage();
  watchErrors(page, errors);
  return { page, context };
}

async function call(method, path, { token = stack.adminToken, body } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${stack.baton.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

let agentCount = 0;
async function newAgent(password) {
  agentCount += 1;
  const email = `security-agent-${agentCount}@demo.baton`;
  const name = `Security Agent ${agentCount}`;
  const created = await call('POST', '/api/v1/agents', { body: { email, name, password, role: 'agent' } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { id: created.body.id, email, name, password };
}

async function openTeam(page) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('console-team-row').first()).toBeVisible();
}

const teamRow = (page, agent) => page.locator(`[data-testid=console-team-row][data-agent-id="${agent.id}"]`);

async function tryToSignIn(page, { email, password }) {
  await page.getByTestId('console-email').fill(email);
  await page.getByTestId('console-password').fill(password);
  await page.getByTestId('console-login').click();
}

// A web customer with one message of their own; answers the conversation id and visitor token.
async function newCustomer(text) {
  const session = await call('POST', `/api/v1/widget/assistants/${kDemo.assistantId}/sessions`, {
    token: null,
    body: {},
  });
  assert.equal(session.status, 201, JSON.stringify(session.body));
  const sent = await call('POST', '/api/v1/widget/messages', { token: session.body.visitor_token, body: { text } });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  return session.body;
}

// Presses a paging button (which also comes by scrolling) until `done()` holds.
async function pageUntil(page, testId, describe, done) {
  const button = page.getByTestId(testId);
  await eventually(
    describe,
    async () => {
      if (await done()) return true;
      // Bounded: the button goes away when the last page arrives, and an unbounded isEnabled
      // would then wait out Playwright's 30 s default, past this loop's own deadline.
      if ((await button.count()) > 0 && (await button.isEnabled({ timeout: 1_000 }).catch(() => false))) {
        await button.click({ timeout: 2_000 }).catch(() => undefined);
      }
      return false;
    },
    30_000,
  );
}

test('an agent disabled by an admin is sent back to sign-in at once, and re-enabled can sign in', async () => {
  const agent = await newAgent('Kenting-Lantern-58');
  const agentSide = await consolePage();
  await signIn(agentSide.page, stack.baton.url, agent);

  const adminSide = await consolePage();
  await signIn(adminSide.page, stack.baton.url, kDemo);
  await openTeam(adminSide.page);
  const row = teamRow(adminSide.page, agent);
  await expect(row).toContainText(agent.email);
  await expect(row).toHaveAttribute('data-disabled', 'false');
  await row.getByTestId('console-team-disable').click();
  await expect(row).toHaveAttribute('data-disabled', 'true');
  await expect(row.getByTestId('console-team-disabled')).toHaveText('Disabled');
  await screenshot(adminSide.page, 'console-team');

  // The agent's open console: its next call or its socket finds the session gone.
  await expect(agentSide.page.getByTestId('console-login')).toBeVisible(5_000);
  await expect(agentSide.page.getByTestId('console-session-ended')).toContainText('Your session ended');
  await tryToSignIn(agentSide.page, agent);
  await expect(agentSide.page.getByTestId('console-login-error')).toHaveAttribute('data-code', 'account_disabled');
  await expect(agentSide.page.getByTestId('console-login-error')).toContainText('disabled');

  await row.getByTestId('console-team-enable').click();
  await expect(row).toHaveAttribute('data-disabled', 'false');
  await expect(row.getByTestId('console-team-disabled')).toHaveCount(0);
  await signIn(agentSide.page, stack.baton.url, agent);
  await expect(agentSide.page.locator('.me .who')).toHaveText(agent.name);
  await agentSide.context.close();
  await adminSide.context.close();
});

test('an admin resets a password: a weak one is refused with the reason, the old one stops working', async () => {
  const agent = await newAgent('Taroko-Gorge-Walk-7');
  const agentSide = await consolePage();
  await signIn(agentSide.page, stack.baton.url, agent);

  const adminSide = await consolePage();
  await signIn(adminSide.page, stack.baton.url, kDemo);
  await openTeam(adminSide.page);
  const row = teamRow(adminSide.page, agent);
  await row.getByTestId('console-team-reset-password').click();
  await row.getByTestId('console-team-new-password').fill('short1');
  await row.getByTestId('console-team-save-password').click();
  await expect(row.getByTestId('console-team-error')).toContainText('This password is too weak: ');
  // The refused password changed nothing: the agent is still signed in.
  await expect(agentSide.page.getByTestId('console-presence')).toBeVisible();

  const fresh = 'Orchid-Ferry-2931';
  await row.getByTestId('console-team-new-password').fill(fresh);
  await row.getByTestId('console-team-save-password').click();
  await expect(row.getByRole('status')).toContainText(`New password set for ${agent.name}`);
  await expect(row.getByTestId('console-team-error')).toHaveCount(0);
  await expect(row.getByTestId('console-team-new-password')).toHaveCount(0);

  // Setting a password ends the agent's sessions; the old password no longer signs in.
  await expect(agentSide.page.getByTestId('console-login')).toBeVisible(5_000);
  await expect(agentSide.page.getByTestId('console-session-ended')).toBeVisible();
  await tryToSignIn(agentSide.page, agent);
  await expect(agentSide.page.getByTestId('console-login-error')).toBeVisible();
  await signIn(agentSide.page, stack.baton.url, { email: agent.email, password: fresh });
  await agentSide.context.close();
  await adminSide.context.close();
});

test('the last admin cannot make themself an agent: the 409 is shown and the role stays', async () => {
  const { page, context } = await consolePage();
  await signIn(page, stack.baton.url, kDemo);
  await openTeam(page);
  const me = await call('GET', '/api/v1/me');
  const row = teamRow(page, me.body);
  await row.getByTestId('console-team-role').selectOption('agent');
  await expect(row.getByTestId('console-team-error')).toContainText('The last enabled admin cannot be disabled');
  await expect(row.getByTestId('console-team-role')).toHaveValue('admin');
  assert.equal((await call('GET', '/api/v1/me')).body.role, 'admin');
  await context.close();
});

test('every user changes their own password; a wrong current one is refused', async () => {
  const agent = await newAgent('Alishan-Sunrise-Tea-3');
  const { page, context } = await consolePage();
  await signIn(page, stack.baton.url, agent);
  await page.getByRole('link', { name: 'Settings' }).click();
  // An agent sees the team but no admin actions.
  await expect(page.getByTestId('console-team-row').first()).toBeVisible();
  assert.equal(await page.getByTestId('console-team-disable').count(), 0);
  assert.equal(await page.getByTestId('console-team-role').count(), 0);

  const fresh = 'Penghu-Windmill-Bay-88';
  await page.getByTestId('console-change-password').click();
  await page.getByTestId('console-current-password').fill('not-my-password-at-all');
  await page.getByTestId('console-new-password').fill(fresh);
  await page.getByTestId('console-change-password-submit').click();
  await expect(page.getByTestId('console-change-password-error')).toContainText('The current password is not right');

  await page.getByTestId('console-current-password').fill(agent.password);
  await page.getByTestId('console-change-password-submit').click();
  await expect(page.getByTestId('console-change-password-done')).toContainText('Password changed');
  // This session stays signed in.
  await page.reload();
  await expect(page.getByTestId('console-presence')).toBeVisible();

  const other = await consolePage();
  await other.page.goto(`${stack.baton.url}/`);
  await tryToSignIn(other.page, agent);
  await expect(other.page.getByTestId('console-login-error')).toBeVisible();
  await signIn(other.page, stack.baton.url, { email: agent.email, password: fresh });
  await other.context.close();
  await context.close();
});

test('a conversation of 120 messages opens on its newest one and pages back to the first', async () => {
  const customer = await newCustomer('History 000: my order never arrived');
  const id = customer.conversation_id;
  // The AI answers the customer; then an agent writes 120 messages (the first send takes over).
  await eventually('the AI answered', async () => {
    const seen = await call('GET', '/api/v1/widget/messages?after_seq=0', { token: customer.visitor_token });
    return seen.body.messages.some((m) => m.sender === 'ai');
  });
  for (let n = 1; n <= 120; n += 1) {
    const text = `History ${String(n).padStart(3, '0')}`;
    const sent = await call('POST', `/api/v1/conversations/${id}/messages`, { body: { text } });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
  }
  const { body: conversation } = await call('GET', `/api/v1/conversations/${id}`);
  assert.ok(conversation.last_seq >= 121, `last_seq ${conversation.last_seq}`);

  const { page, context } = await consolePage();
  await signIn(page, stack.baton.url, kDemo);
  await page.evaluate((conversationId) => {
    location.hash = `#/inbox/${encodeURIComponent(conversationId)}`;
  }, id);
  const messages = page.getByTestId('console-message');
  const newest = messages.filter({ hasText: 'History 120' });
  await expect(newest).toHaveCount(1);
  await expect(messages).toHaveCount(kHistoryPage);
  await expect(messages.filter({ hasText: 'History 000' })).toHaveCount(0);
  // The newest message is in view: the history is scrolled to its end.
  await eventually('the history shows its end', () =>
    page.evaluate(() => {
      const list = document.querySelector('.messages');
      return list && list.scrollHeight - list.scrollTop - list.clientHeight < 4;
    }),
  );
  await expect(page.getByTestId('console-load-earlier')).toBeVisible();
  await screenshot(page, 'console-history-newest');

  await pageUntil(
    page,
    'console-load-earlier',
    'the first message is loaded',
    async () => (await messages.filter({ hasText: 'History 000' }).count()) === 1,
  );
  await expect(messages).toHaveCount(conversation.last_seq);
  await expect(page.getByTestId('console-load-earlier')).toHaveCount(0);
  const seqs = await page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid=console-message]'), (m) => m.textContent),
  );
  assert.ok(seqs.findIndex((t) => t.includes('History 001')) < seqs.findIndex((t) => t.includes('History 120')));

  // A live message still arrives at the end.
  const sent = await call('POST', `/api/v1/conversations/${id}/messages`, { body: { text: 'History 121' } });
  assert.equal(sent.status, 201);
  await expect(messages.last()).toContainText('History 121');
  await context.close();
});

test('the conversation list pages past its first page, and live updates still arrive', async () => {
  for (let n = 1; n <= kConversationPage + 12; n += 1) await newCustomer(`Paging customer ${n}: where is my parcel?`);
  let total = 0;
  for (let cursor = null, first = true; first || cursor; first = false) {
    const page = await call('GET', `/api/v1/conversations?view=all&limit=200${cursor ? `&before=${cursor}` : ''}`);
    assert.equal(page.status, 200);
    total += page.body.conversations.length;
    cursor = page.body.next_cursor;
  }
  assert.ok(total > kConversationPage, `${total} conversations`);

  // The console starts with the first pages of All and of Live Agent.
  const firstPages = await Promise.all(
    ['all', 'live_agent'].map((view) => call('GET', `/api/v1/conversations?view=${view}&limit=${kConversationPage}`)),
  );
  const shownFirst = new Set(firstPages.flatMap((p) => p.body.conversations.map((c) => c.id))).size;
  assert.ok(shownFirst < total, `${shownFirst} of ${total}`);

  const { page, context } = await consolePage();
  await signIn(page, stack.baton.url, kDemo);
  const rows = page.getByTestId('console-conversation');
  await expect(rows).toHaveCount(shownFirst);
  await expect(page.getByTestId('console-load-more')).toBeVisible();
  await pageUntil(page, 'console-load-more', `all ${total} conversations are listed`, async () => {
    return (await rows.count()) === total;
  });
  await expect(page.getByTestId('console-load-more')).toHaveCount(0);

  // A new customer comes in live, on top of the list.
  const { conversation_id: latest } = await newCustomer('A brand new question after paging');
  await expect(rows).toHaveCount(total + 1);
  await expect(rows.first()).toHaveAttribute('data-id', latest);
  await context.close();
});

test('too many wrong passwords: the sign-in says how long to wait', async () => {
  // A server of its own: the throttle would refuse this address everywhere else too.
  const baton = await startBaton({ extraArgs: kServerArgs });
  try {
    const wrong = { email: kDemo.email, password: 'surely-not-the-password' };
    let refused = 0;
    for (let attempt = 0; attempt < 20 && refused !== 429; attempt += 1) {
      const response = await fetch(`${baton.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(wrong),
      });
      refused = response.status;
      if (refused === 429) assert.ok(Number(response.headers.get('Retry-After')) > 0, 'Retry-After');
    }
    assert.equal(refused, 429, 'failed logins are throttled');

    const { page, context } = await consolePage();
    await page.goto(`${baton.url}/`);
    await tryToSignIn(page, wrong);
    const error = page.getByTestId('console-login-error');
    await expect(error).toHaveAttribute('data-code', 'rate_limited');
    await expect(error).toHaveText(/^Too many failed sign-ins\. Try again in \d+ (s|min)\.$/);
    await screenshot(page, 'console-login-throttled');
    await context.close();
  } finally {
    await baton.stop();
  }
});
