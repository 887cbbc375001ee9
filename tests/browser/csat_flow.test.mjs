// The satisfaction survey end to end (team operations §4.8): the agent's Done asks the
// customer, who answers 1-5 with words and a comment in the widget; the console shows the
// rating in the history; "Done without survey" (Alt+Shift+D, confirmed) asks nothing. And a
// request withdrawn before anyone took it (an abandoned episode, for the reports).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { screenshot, watchErrors } from './support/browser.mjs';
import { apiLogin, kDemo, patchAssistant } from './support/baton.mjs';
import { expect } from './support/expect.mjs';
import { openWidget, setPresence, signIn, widgetMessages } from './support/flows.mjs';
import { useStack } from './support/stack.mjs';

const stack = useStack({ lang: 'en' });
const errors = [];
const contexts = [];

after(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  assert.deepEqual(errors, [], 'no page errors');
});

async function newPage(viewport = { width: 1280, height: 800 }) {
  const context = await stack.browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  watchErrors(page, errors);
  return page;
}

test('Done asks the customer to rate; the rating reaches the console; Alt+Shift+D asks nothing', async () => {
  const token = await apiLogin(stack.baton.url, kDemo.email, kDemo.password);
  await patchAssistant(stack.baton.url, token, kDemo.assistantId, { csat_enabled: true });
  const admin = await newPage({ width: 1366, height: 820 });
  await signIn(admin, stack.baton.url, kDemo);
  await setPresence(admin, 'online');

  const customer = await newPage();
  await openWidget(customer, stack.shop.url);
  await customer.getByTestId('baton-handoff').click();
  await expect(admin.getByTestId('console-popup')).toBeVisible();
  await admin.getByTestId('console-popup-accept').click();
  await expect(admin.getByTestId('console-status')).toHaveText('Live');
  await admin.getByTestId('console-input').fill('Your refund is on its way.');
  await admin.getByTestId('console-input').press('Enter');
  await expect(widgetMessages(customer, 'agent')).toHaveCount(1);

  await admin.getByTestId('console-done').click();
  const survey = customer.getByTestId('baton-csat');
  await expect(survey).toBeVisible();
  await expect(survey).toContainText('How satisfied are you');
  await expect(survey.getByTestId('baton-csat-score')).toHaveCount(5);
  await expect(survey.getByTestId('baton-csat-score').nth(3)).toContainText('Satisfied');
  await expect(admin.getByTestId('console-csat')).toHaveText(/no rating yet/);

  await survey.locator('[data-testid=baton-csat-score][data-score="4"]').click();
  await survey.getByTestId('baton-csat-comment').fill('Quick and kind, thank you');
  await screenshot(customer, 'widget-csat');
  await survey.getByTestId('baton-csat-submit').click();
  await expect(survey.getByTestId('baton-csat-thanks')).toHaveText('Thank you for your rating: 4 (Satisfied).');
  const rated = admin.getByTestId('console-csat');
  await expect(rated).toHaveAttribute('data-score', '4');
  await expect(rated).toContainText('Customer rating: 4 / 5');
  await expect(rated).toContainText('Quick and kind, thank you');

  // A reload (the panel stays open) shows the survey answered: the notice carries the score.
  await customer.reload();
  await expect(customer.getByTestId('baton-csat-thanks')).toBeVisible();
  await expect(customer.getByTestId('baton-csat-score')).toHaveCount(0);

  // Reopened, answered again, finished with Alt+Shift+D: confirmed, and no second survey.
  await admin.getByTestId('console-reactivate').click();
  await expect(admin.getByTestId('console-status')).toHaveText('Live');
  const input = admin.getByTestId('console-input');
  await input.fill('One more thing: your voucher is attached.');
  await input.press('Enter');
  await expect(widgetMessages(customer, 'agent')).toHaveCount(2);
  await input.press('Alt+Shift+D');
  await expect(admin.getByTestId('confirm-done')).toContainText('without a survey');
  await admin.getByTestId('confirm-done-yes').click();
  await expect(admin.getByTestId('console-status')).toHaveText('Done');
  await expect(customer.locator('[data-testid=baton-message][data-event=conversation_done]')).toHaveCount(2);
  await expect(customer.getByTestId('baton-csat')).toHaveCount(1);
});

test('a customer who changes their mind withdraws the request: back to the AI, the popup goes', async () => {
  const admin = await newPage({ width: 1366, height: 820 });
  await signIn(admin, stack.baton.url, kDemo);
  await setPresence(admin, 'online');
  const customer = await newPage();
  await openWidget(customer, stack.shop.url);
  await customer.getByTestId('baton-handoff').click();
  await expect(admin.getByTestId('console-popup')).toBeVisible();
  await customer.getByTestId('baton-cancel-handoff').click();
  await expect(customer.getByTestId('baton-cancel-handoff')).toHaveCount(0);
  await expect(customer.getByTestId('baton-handoff')).toBeVisible();
  await expect(admin.getByTestId('console-popup')).toHaveCount(0);
});
