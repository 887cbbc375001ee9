// Several nodes with no sticky sessions: the whole seed flow (console and widget) through nginx
// round-robin in front of two nodes on one PostgreSQL and one Redis. REST calls and the two
// WebSockets land on different nodes, and nothing shows that there are two.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { kDemo } from './support/baton.mjs';
import { clusterToolsInstalled, startCluster } from './support/cluster.mjs';
import { expect } from './support/expect.mjs';
import { consoleMessages, customerSays, openWidget, setPresence, signIn, widgetMessages } from './support/flows.mjs';
import { startHostPage } from './support/host_page.mjs';

const installed = clusterToolsInstalled();
const parts = {};
const errors = [];

before(async () => {
  if (!installed) return;
  parts.cluster = await startCluster();
  parts.shop = await startHostPage(parts.cluster.url, { assistantId: kDemo.assistantId, lang: 'en' });
  parts.browser = await launchBrowser();
});

after(async () => {
  await parts.browser?.close();
  await parts.shop?.stop();
  await parts.cluster?.stop();
});

test(
  'the seed flow through nginx round-robin over two nodes',
  { skip: !installed && 'PostgreSQL, Redis or nginx missing (make deps)' },
  async () => {
    const { cluster, shop, browser } = parts;
    const agentContext = await browser.newContext({ viewport: { width: 1366, height: 820 } });
    const agent = await agentContext.newPage();
    watchErrors(agent, errors);
    const customerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const customer = await customerContext.newPage();
    watchErrors(customer, errors);

    await signIn(agent, cluster.url, kDemo);
    await setPresence(agent, 'online');
    await openWidget(customer, shop.url);
    await expect(customer.getByTestId('baton-agents-online')).toHaveText('1');
    await customerSays(customer, 'How do I reset my password?');
    await expect(widgetMessages(customer, 'ai')).toHaveCount(1);

    // The popup, whichever node took the handoff and whichever holds the agent's socket.
    await customer.getByTestId('baton-handoff').click();
    await expect(agent.getByTestId('console-popup')).toBeVisible();
    await agent.getByTestId('console-view-live-agent').click();
    await agent.getByTestId('console-conversation').first().click();
    await agent.getByTestId('console-takeover').click();
    await expect(customer.locator('[data-testid=baton-message][data-event=agent_joined]')).toHaveCount(1);

    for (let i = 1; i <= 4; i++) {
      await agent.getByTestId('console-input').fill(`Agent line ${i}`);
      await agent.getByTestId('console-input').press('Enter');
      await expect(widgetMessages(customer, 'agent')).toHaveCount(i);
      await customerSays(customer, `Customer line ${i}`);
      await expect(consoleMessages(agent, 'customer').last()).toContainText(`Customer line ${i}`);
    }
    assert.equal(await widgetMessages(customer, 'ai').count(), 1, 'the AI is silent during a live chat');

    // Done, from whichever node: the customer hears it and the AI answers again.
    await agent.getByTestId('console-done').click();
    await expect(customer.locator('[data-testid=baton-message][data-event=conversation_done]')).toHaveCount(1);
    await customerSays(customer, 'Can I pay with a foreign credit card?');
    await expect(widgetMessages(customer, 'ai')).toHaveCount(2);

    // A reload lands wherever nginx sends it: the same conversation, nothing lost or doubled.
    await customer.reload();
    await customer.getByTestId('baton-launcher').waitFor();
    if (!(await customer.getByTestId('baton-input').isVisible())) await customer.getByTestId('baton-launcher').click();
    await expect(widgetMessages(customer, 'agent')).toHaveCount(4);
    await expect(widgetMessages(customer, 'customer')).toHaveCount(6);

    await agentContext.close();
    await customerContext.close();

    // Both nodes served REST calls, and both kinds of socket went through nginx (a socket is
    // logged when it closes: just now).
    const logged = async (done) => {
      const deadline = Date.now() + 5000;
      while (!done(cluster.nginx.requests()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return cluster.nginx.requests();
    };
    const socketsClosed = (requests) =>
      ['/api/v1/agent/ws', '/api/v1/widget/ws'].every((path) => requests.some((r) => r.path === path));
    const requests = await logged(socketsClosed);
    const nodesOf = (filter) => new Set(requests.filter(filter).map((r) => r.node));
    assert.equal(
      nodesOf((r) => r.path.startsWith('/api/v1/') && !r.path.endsWith('/ws')).size,
      2,
      'REST on both nodes',
    );
    assert.ok(
      requests.some((r) => r.path === '/api/v1/agent/ws' && r.status === 101),
      'the agent socket went through',
    );
    assert.ok(
      requests.some((r) => r.path === '/api/v1/widget/ws' && r.status === 101),
      'the widget socket went through',
    );
    assert.deepEqual(errors, []);
  },
);
