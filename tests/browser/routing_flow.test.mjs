// Routing in the browsers (team operations §4.3, §4.4, §4.9): a transfer between two agents with
// a note only agents read; three customers' places in the queue moving up as one is claimed;
// the widget flipping from closed (with the next opening) to open without a reload.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { screenshot, watchErrors } from './support/browser.mjs';
import { apiLogin, apiRequest, createAgent, kDemo } from './support/baton.mjs';
import { expect } from './support/expect.mjs';
import { customerSays, openWidget, setPresence, signIn, widgetMessages } from './support/flows.mjs';
import { useStack } from './support/stack.mjs';

const stack = useStack({ lang: 'en' });
const errors = [];
const contexts = [];
const kBea = { email: 'bea@demo.baton', name: 'Bea Chen' };
let adminToken = '';
let beaId = '';

// The admin's API token and a second agent, Bea, made once (after the stack started).
let ready = null;
const setUp = () =>
  (ready ??= (async () => {
    adminToken = await apiLogin(stack.baton.url, kDemo.email, kDemo.password);
    await createAgent(stack.baton.url, adminToken, kBea);
    const { agents } = await apiRequest(stack.baton.url, adminToken, 'GET', '/api/v1/agents');
    beaId = agents.find((a) => a.email === kBea.email).id;
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

const kCustomer = { viewport: { width: 1280, height: 800 } };

// A customer on the shop page who asks for a person (after a question the AI answers, if given).
async function customerAsking(question) {
  const page = await newPage(kCustomer);
  await openWidget(page, stack.shop.url);
  if (question) {
    await customerSays(page, question);
    await expect(widgetMessages(page, 'ai')).toHaveCount(1);
  }
  await page.getByTestId('baton-handoff').click();
  await expect(page.locator('[data-testid=baton-message][data-event=handoff_requested]')).toHaveCount(1);
  return page;
}

const joined = (page) => page.locator('[data-testid=baton-message][data-event=agent_joined]');

test('a transfer with a note reaches the other agent; the customer sees only who joined', async () => {
  const admin = await agentOnDuty(kDemo);
  const bea = await agentOnDuty({ email: kBea.email, password: 'tea-garden-42' });
  const customer = await customerAsking('How do I reset my password?');

  // The admin takes the conversation from the popup.
  await expect(admin.getByTestId('console-popup')).toBeVisible();
  await admin.getByTestId('console-popup-accept').click();
  await expect(admin.getByTestId('console-status')).toHaveText('Live');
  await expect(joined(customer)).toHaveCount(1);
  await expect(admin.getByTestId('my-load')).toHaveText('1');

  // Transfer to Bea with a note: she is available, so selectable, and shows her load.
  const note = 'VIP customer, refund already approved by finance';
  await admin.getByTestId('transfer-button').click();
  const dialog = admin.getByTestId('transfer-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(kBea.name);
  await admin.getByTestId(`transfer-target-${beaId}`).check();
  await admin.getByTestId('transfer-note').fill(note);
  await screenshot(admin, 'console-transfer-dialog');
  await admin.getByTestId('transfer-submit').click();
  await expect(dialog).toBeHidden();
  await expect(admin.getByTestId('transfer-notice')).toContainText(kBea.name);
  await expect(admin.getByTestId('my-load')).toHaveText('0');

  // Bea gets the popup (with the note), and her load goes up.
  const popup = bea.locator('[data-testid=console-popup][data-kind=assigned]');
  await expect(popup).toBeVisible();
  await expect(popup).toHaveAttribute('data-by', 'transfer');
  await expect(bea.getByTestId('console-popup-note')).toContainText(note);
  await expect(bea.getByTestId('my-load')).toHaveText('1');
  await screenshot(bea, 'console-transfer-popup');
  await bea.getByTestId('console-popup-open').click();
  await expect(popup).toHaveCount(0);
  await bea.getByTestId('console-input').fill('Hello, Bea here: the refund is on its way.');
  await bea.getByTestId('console-send').click();

  // The customer: one more agent_joined, naming Bea; her message; never the note.
  await expect(joined(customer)).toHaveCount(2);
  await expect(joined(customer).last()).toContainText(kBea.name);
  await expect(widgetMessages(customer, 'agent')).toHaveCount(1);
  await expect(widgetMessages(customer, 'agent').first()).toContainText('Bea here');
  const shown = await customer.locator('[data-testid=baton-message]').allInnerTexts();
  assert.ok(!shown.some((text) => text.includes('VIP')), `the note reached the customer: ${shown.join(' | ')}`);

  await setPresence(bea, 'offline'); // off duty: the last test counts the admin alone
  for (const page of [admin, bea, customer]) await page.context().close();
  assert.deepEqual(errors, []);
});

test('waiting customers see their place move up when the first one is claimed', async () => {
  const admin = await agentOnDuty(kDemo);
  const customers = [];
  for (let i = 0; i < 3; i++) {
    const customer = await customerAsking();
    // One at a time, so the order of the requests is the order of the pages.
    await expect(customer.getByTestId('baton-queue-position')).toHaveAttribute('data-position', String(i + 1));
    customers.push(customer);
  }

  // The Live Agent view ranks them #1 to #3.
  await admin.getByTestId('console-view-live-agent').click();
  const places = admin.getByTestId('queue-position');
  await expect(places).toHaveCount(3);
  const first = admin
    .getByTestId('console-conversation')
    .filter({ has: admin.locator('[data-testid=queue-position][data-position="1"]') });
  await expect(first).toContainText('#1');
  await screenshot(admin, 'console-queue-positions');

  // The admin claims #1: the first customer is served, the others move up to 1 and 2.
  await first.click();
  await admin.getByTestId('console-takeover').click();
  await expect(admin.getByTestId('console-status')).toHaveText('Live');
  await expect(joined(customers[0])).toHaveCount(1);
  await expect(customers[0].getByTestId('baton-queue-position')).toHaveCount(0);
  await expect(customers[1].getByTestId('baton-queue-position')).toHaveAttribute('data-position', '1');
  await expect(customers[2].getByTestId('baton-queue-position')).toHaveAttribute('data-position', '2');
  await expect(places).toHaveCount(2);
  await expect(admin.locator('[data-testid=queue-position][data-position="2"]')).toHaveCount(1);

  for (const page of [admin, ...customers]) await page.context().close();
  assert.deepEqual(errors, []);
});

test('outside business hours the widget names the next opening, and opens live when the hours change', async () => {
  const admin = await agentOnDuty(kDemo);
  // Open only on a weekday three days from today (UTC): closed all of today.
  const openDay = (new Date().getUTCDay() + 3) % 7;
  await apiRequest(stack.baton.url, adminToken, 'PATCH', `/api/v1/assistants/${kDemo.assistantId}`, {
    business_hours: { enabled: true, timezone: 'UTC', weekly: [{ day: openDay, open: '09:00', close: '17:00' }] },
  });

  // The widget shows the opening in the browser's zone: UTC here, as the schedule's.
  const customer = await newPage({ ...kCustomer, timezoneId: 'UTC' });
  await openWidget(customer, stack.shop.url);
  await expect(customer.getByTestId('baton-agents-online')).toHaveText('0');
  const nextOpen = customer.getByTestId('baton-next-open');
  await expect(nextOpen).toBeVisible();
  const weekday = new Date(Date.UTC(2024, 0, 7 + openDay)).toLocaleDateString('en', {
    weekday: 'long',
    timeZone: 'UTC',
  }); // 2024-01-07 was a Sunday
  await expect(nextOpen).toContainText("We're back");
  await expect(nextOpen).toContainText(weekday);
  await expect(customer.getByTestId('baton-handoff')).toContainText('Leave a message');
  await screenshot(customer, 'widget-closed-next-opening');

  // The admin sees the same in Settings, and switches business hours off there.
  await admin.goto(`${stack.baton.url}/#/settings`);
  const status = admin.getByTestId('business-hours-status');
  await expect(status).toContainText('Closed · opens');
  await expect(admin.getByTestId('business-hours-timezone')).toHaveValue('UTC');
  await expect(admin.getByTestId('business-hours-day-0')).toHaveValue(String(openDay));
  await admin.getByTestId('business-hours').scrollIntoViewIfNeeded();
  await screenshot(admin, 'console-business-hours');
  await admin.getByTestId('business-hours-enabled').uncheck();
  await admin.getByTestId('business-hours-save').click();
  await expect(status).toContainText('Open now');

  // The open widget flips without a reload: the agent on duty counts again.
  await expect(customer.getByTestId('baton-agents-online')).toHaveText('1');
  await expect(nextOpen).toHaveCount(0);
  await expect(customer.getByTestId('baton-handoff')).toHaveText('Talk to a human');

  // A zone the server does not know is refused, in words, next to the form.
  await admin.getByTestId('business-hours-timezone').fill('Mars/Olympus_Mons');
  await admin.getByTestId('business-hours-save').click();
  await expect(admin.getByTestId('business-hours-error')).toContainText('time zone is not known');

  for (const page of [admin, customer]) await page.context().close();
  assert.deepEqual(errors, []);
});
