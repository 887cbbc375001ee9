// The seed's main story in two browsers: a customer on another site's page chats with the AI,
// asks for a person; the agent gets the popup, takes over, they talk, the agent presses Done,
// the AI answers again, the agent reactivates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { screenshot, watchErrors } from './support/browser.mjs';
import { kDemo } from './support/baton.mjs';
import { expect } from './support/expect.mjs';
import { consoleMessages, customerSays, openWidget, setPresence, signIn, widgetMessages } from './support/flows.mjs';
import { useStack } from './support/stack.mjs';

const stack = useStack({ lang: 'en' });
const errors = [];

test('a customer on another site reaches a live agent and back to the AI', async () => {
  const agentContext = await stack.browser.newContext({ viewport: { width: 1366, height: 820 } });
  const agent = await agentContext.newPage();
  watchErrors(agent, errors);
  const customerContext = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const customer = await customerContext.newPage();
  watchErrors(customer, errors);

  // The agent signs in and goes on duty.
  await signIn(agent, stack.baton.url, kDemo);
  await setPresence(agent, 'online');

  // The widget, on a hostile page of another origin, shows the live count and the AI answers.
  await openWidget(customer, stack.shop.url);
  await expect(customer.getByTestId('baton-agents-online')).toHaveText('1');
  await customerSays(customer, 'How do I reset my password?');
  await expect(widgetMessages(customer, 'customer')).toHaveCount(1);
  await expect(widgetMessages(customer, 'ai')).toHaveCount(1);
  await expect(widgetMessages(customer, 'ai').first()).toContainText('password');
  await screenshot(customer, 'widget-ai-answer');

  // The agent's list shows the conversation live, without a reload.
  const row = agent.getByTestId('console-conversation').first();
  await expect(row).toHaveAttribute('data-status', 'ai');

  // "Talk to a human": the popup appears at once; the Live Agent view lists it.
  await customer.getByTestId('baton-handoff').click();
  await expect(customer.locator('[data-testid=baton-message][data-event=handoff_requested]')).toHaveCount(1);
  await expect(agent.getByTestId('console-popup')).toBeVisible();
  await expect(agent.getByTestId('console-popup')).toContainText('How do I reset my password?');
  await screenshot(agent, 'console-popup');
  await agent.getByTestId('console-view-live-agent').click();
  await expect(agent.getByTestId('console-conversation')).toHaveCount(1);
  await expect(agent.getByTestId('console-conversation').first()).toHaveAttribute('data-status', 'waiting');
  await expect(agent.getByTestId('console-view-live-agent')).toContainText('1');

  // Take over from the list; the reason of the handoff is at the top.
  await agent.getByTestId('console-conversation').first().click();
  await expect(agent.getByTestId('console-handoff-reason')).toHaveAttribute('data-reason', 'button');
  await agent.getByTestId('console-takeover').click();
  await expect(agent.getByTestId('console-conversation').first()).toHaveAttribute('data-status', 'live');
  await expect(agent.getByTestId('console-popup')).toHaveCount(0);
  await expect(customer.locator('[data-testid=baton-message][data-event=agent_joined]')).toHaveCount(1);

  // Messages both ways; the AI stays silent while the agent holds the conversation.
  await agent.getByTestId('console-input').fill('Hi, I am Demo Admin. Let me help you.');
  await agent.getByTestId('console-input').press('Enter');
  await expect(widgetMessages(customer, 'agent')).toHaveCount(1);
  await expect(widgetMessages(customer, 'agent').first()).toContainText('Demo Admin');
  await customerSays(customer, 'Thanks! The reset e-mail never arrives.');
  await expect(consoleMessages(agent, 'customer').last()).toContainText('never arrives');
  await agent.getByTestId('console-input').fill('I will send it again now.');
  await agent.getByTestId('console-send').click();
  await expect(widgetMessages(customer, 'agent')).toHaveCount(2);
  assert.equal(await widgetMessages(customer, 'ai').count(), 1, 'the AI must not answer during a live chat');
  await screenshot(agent, 'console-live-conversation');
  await screenshot(customer, 'widget-live-agent');

  // The customer reloads: the same conversation, no message lost or doubled.
  await customer.reload();
  await customer.getByTestId('baton-launcher').waitFor();
  if (!(await customer.getByTestId('baton-input').isVisible())) await customer.getByTestId('baton-launcher').click();
  await expect(widgetMessages(customer, 'agent')).toHaveCount(2);
  await expect(widgetMessages(customer, 'customer')).toHaveCount(2);

  // Done: the customer is told, and the AI answers again.
  await agent.getByTestId('console-done').click();
  await expect(customer.locator('[data-testid=baton-message][data-event=conversation_done]')).toHaveCount(1);
  await agent.getByTestId('console-view-live-agent').click();
  await expect(agent.getByTestId('console-conversation')).toHaveCount(0);
  await customerSays(customer, 'Can I pay with a foreign credit card?');
  await expect(widgetMessages(customer, 'ai')).toHaveCount(2);

  // Reactivate: the agent reopens it and writes again.
  await agent.locator('[data-view=done]').click();
  await agent.getByTestId('console-conversation').first().click();
  await agent.getByTestId('console-reactivate').click();
  await expect(customer.locator('[data-testid=baton-message][data-event=reactivated]')).toHaveCount(1);
  await agent.getByTestId('console-input').fill('One more thing: your new password link is on its way.');
  await agent.getByTestId('console-send').click();
  await expect(widgetMessages(customer, 'agent')).toHaveCount(3);

  await agentContext.close();
  await customerContext.close();
  assert.deepEqual(errors, []);
});
