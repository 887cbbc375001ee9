// The socket frames the front ends are typed by (web/shared/events.ts: AgentEvent for the
// console, WidgetEvent for the widget) are the ones the server sends: the same set of types as
// the C++ writes, and every frame of a real handoff, claim, typing, transfer and done (recorded in
// the browsers) shaped as its union declares.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { watchErrors } from './support/browser.mjs';
import { apiLogin, apiRequest, createAgent, kDemo } from './support/baton.mjs';
import { eventually, expect } from './support/expect.mjs';
import { customerSays, openWidget, setPresence, signIn, widgetMessages } from './support/flows.mjs';
import { declaredFrames, misfit, serverFrameTypes } from './support/socket_events.mjs';
import { useStack } from './support/stack.mjs';

const kAgentEvents = declaredFrames('AgentEvent');
const kWidgetEvents = declaredFrames('WidgetEvent');

test('the unions name exactly the frame types the server writes', () => {
  const declared = new Set([...kAgentEvents, ...kWidgetEvents].map((d) => d.type));
  const written = serverFrameTypes();
  assert.ok(written.size >= 8, `frame types found in the C++: ${[...written]}`);
  assert.deepEqual([...declared].sort(), [...written].sort());
});

const stack = useStack({ lang: 'en' });
const errors = [];
const contexts = [];
after(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
});

// A page whose socket frames are recorded, by the socket's kind (agent or widget).
async function recordingPage(frames, viewport = { width: 1366, height: 820 }) {
  const context = await stack.browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  watchErrors(page, errors);
  page.on('websocket', (socket) => {
    const kind = socket.url().includes('/api/v1/agent/ws') ? 'agent' : 'widget';
    socket.on('framereceived', ({ payload }) => frames.push({ kind, frame: JSON.parse(String(payload)) }));
  });
  return page;
}

test('every frame of a handoff, claim, transfer and done fits its socket union', async () => {
  const adminToken = await apiLogin(stack.baton.url, kDemo.email, kDemo.password);
  const bea = await createAgent(stack.baton.url, adminToken, { email: 'bea@demo.baton', name: 'Bea Chen' });
  const beaToken = await apiLogin(stack.baton.url, bea.email, bea.password);
  const { agents } = await apiRequest(stack.baton.url, adminToken, 'GET', '/api/v1/agents');
  const beaId = agents.find((a) => a.email === bea.email).id;

  const frames = [];
  const admin = await recordingPage(frames);
  await signIn(admin, stack.baton.url, kDemo);
  await setPresence(admin, 'online');
  const beaPage = await recordingPage(frames);
  await signIn(beaPage, stack.baton.url, bea);
  await setPresence(beaPage, 'online');

  // The customer asks the AI, starts typing again (once there is a conversation to type in),
  // then asks for a person.
  const customer = await recordingPage(frames, { width: 1280, height: 800 });
  await openWidget(customer, stack.shop.url);
  await customerSays(customer, 'How do I reset my password?');
  await expect(widgetMessages(customer, 'ai')).toHaveCount(1);
  await customer.getByTestId('baton-input').fill('And also');
  await eventually('the consoles were told the customer types', () =>
    frames.some(({ kind, frame }) => kind === 'agent' && frame.type === 'typing'),
  );
  await customer.getByTestId('baton-input').fill('');
  await customer.getByTestId('baton-handoff').click();
  await expect(admin.getByTestId('console-popup')).toBeVisible();

  // The admin claims it from the popup, types and answers; then hands it to Bea, who finishes.
  await admin.getByTestId('console-popup-accept').click();
  await expect(admin.getByTestId('console-status')).toHaveText('Live');
  await admin.getByTestId('console-input').fill('Let me look into it.');
  await eventually('the customer was told the agent types', () =>
    frames.some(({ kind, frame }) => kind === 'widget' && frame.type === 'typing'),
  );
  await admin.getByTestId('console-input').press('Enter');
  await expect(widgetMessages(customer, 'agent')).toHaveCount(1);
  const id = frames.find(({ frame }) => frame.type === 'handoff.requested').frame.conversation.id;
  await apiRequest(stack.baton.url, adminToken, 'POST', `/api/v1/conversations/${id}/transfer`, {
    to_agent_id: beaId,
    note: 'Password reset, mail bounced',
  });
  await expect(beaPage.locator('[data-testid=console-popup][data-kind=assigned]')).toBeVisible();
  // An internal note naming Bea: note.created to every console, mention.created to hers.
  await apiRequest(
    stack.baton.url,
    adminToken,
    'POST',
    `/api/v1/conversations/${id}/notes`,
    { text: 'Bea, the customer prefers e-mail', mentions: [beaId] },
    201,
  );
  await expect(beaPage.getByTestId('mentions-count')).toHaveText('1');
  await apiRequest(stack.baton.url, beaToken, 'POST', `/api/v1/conversations/${id}/done`);
  await expect(customer.locator('[data-testid=baton-message][data-event=conversation_done]')).toHaveCount(1);

  const seen = (kind) => new Set(frames.filter((f) => f.kind === kind).map((f) => f.frame.type));
  const kConsoleFlow = [
    'message.created',
    'conversation.updated',
    'handoff.requested',
    'conversation.assigned',
    'presence.updated',
    'typing',
    'queue.updated',
    'note.created',
    'mention.created',
  ];
  const kWidgetFlow = ['message.created', 'conversation.updated', 'presence.updated', 'typing', 'queue.updated'];
  assert.deepEqual(
    kConsoleFlow.filter((type) => !seen('agent').has(type)),
    [],
    'frame types the consoles never saw',
  );
  assert.deepEqual(
    kWidgetFlow.filter((type) => !seen('widget').has(type)),
    [],
    'frame types the widget never saw',
  );
  const misfits = frames
    .map(({ kind, frame }) => misfit(frame, kind === 'agent' ? kAgentEvents : kWidgetEvents))
    .filter((reason) => reason !== null);
  assert.deepEqual(misfits, []);
  assert.deepEqual(errors, []);
});
