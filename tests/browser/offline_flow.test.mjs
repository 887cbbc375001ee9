// Nobody on duty: the widget shows 0 agents, the customer leaves a message (name, contact,
// text); an agent who comes on duty later sees it with the contact and answers; the customer
// sees the answer on the next visit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { screenshot, watchErrors } from './support/browser.mjs';
import { kDemo } from './support/baton.mjs';
import { expect } from './support/expect.mjs';
import { consoleMessages, openWidget, setPresence, signIn, widgetMessages } from './support/flows.mjs';
import { useStack } from './support/stack.mjs';

const stack = useStack({ lang: 'zh-TW' });
const errors = [];

test('a message left while nobody is on duty is answered and seen on the next visit', async () => {
  const customerContext = await stack.browser.newContext();
  let customer = await customerContext.newPage();
  watchErrors(customer, errors);

  await openWidget(customer, stack.shop.url);
  await expect(customer.getByTestId('baton-agents-online')).toHaveText('0');
  await customer.getByTestId('baton-handoff').click();
  const form = customer.getByTestId('baton-offline-form');
  await expect(form).toBeVisible();
  await expect(form).toContainText('目前沒有客服人員值班');
  await customer.getByTestId('baton-offline-name').fill('王小明');
  await customer.getByTestId('baton-offline-contact').fill('ming@example.com');
  await customer.getByTestId('baton-offline-text').fill('我的訂單 #1234 還沒出貨，可以幫我查嗎？');
  await screenshot(customer, 'widget-offline-form');
  await customer.getByTestId('baton-offline-submit').click();
  await expect(form).toBeHidden();
  await expect(customer.getByText('您的留言已送出')).toBeVisible();
  await expect(widgetMessages(customer, 'customer')).toHaveCount(1);
  await customer.close();

  // Later, an agent comes on duty and finds the message waiting, with who left it and how to reach them.
  const agentContext = await stack.browser.newContext({ viewport: { width: 1366, height: 820 } });
  const agent = await agentContext.newPage();
  watchErrors(agent, errors);
  await signIn(agent, stack.baton.url, kDemo);
  await setPresence(agent, 'online');
  await agent.getByTestId('console-view-live-agent').click();
  const row = agent.getByTestId('console-conversation').first();
  await expect(row).toHaveAttribute('data-status', 'waiting');
  await expect(row).toContainText('王小明');
  await row.click();
  const reason = agent.getByTestId('console-handoff-reason');
  await expect(reason).toHaveAttribute('data-reason', 'offline_message');
  await expect(reason).toContainText('ming@example.com');
  await expect(consoleMessages(agent, 'customer').first()).toContainText('#1234');
  await agent.getByTestId('console-input').fill('王先生您好，訂單 #1234 已於今天出貨。');
  await agent.getByTestId('console-send').click();
  await expect(row).toHaveAttribute('data-status', 'live');
  await screenshot(agent, 'console-offline-message');

  // The customer's next visit shows the answer.
  customer = await customerContext.newPage();
  watchErrors(customer, errors);
  await openWidget(customer, stack.shop.url);
  await expect(widgetMessages(customer, 'agent')).toHaveCount(1);
  await expect(widgetMessages(customer, 'agent').first()).toContainText('已於今天出貨');
  await expect(customer.getByTestId('baton-agents-online')).toHaveText('1');

  await agentContext.close();
  await customerContext.close();
  assert.deepEqual(errors, []);
});
