// E-mail follow-up (team operations §4.12) end to end: a visitor leaves a message with an e-mail
// address and goes away, an agent answers twice, one e-mail reaches a real SMTP server
// (python3-aiosmtpd), and its link opens a Baton page whose widget shows the same conversation
// with both answers; the console's settings carry the assistant's switch and delay.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchBrowser, screenshot, watchErrors } from './support/browser.mjs';
import { apiLogin, apiRequest, kDemo, patchAssistant, startBaton } from './support/baton.mjs';
import { eventually, expect } from './support/expect.mjs';
import { signIn, widgetMessages } from './support/flows.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const sinkScript = join(here, '..', 'integration', 'support', 'smtp_sink.py');
const installed = existsSync('/usr/lib/python3/dist-packages/aiosmtpd');

// The SMTP sink on a free port; its messages are DIR/NNNN.json (decoded by Python's parser).
async function startSink() {
  const dir = mkdtempSync(join(tmpdir(), 'baton-smtp-'));
  const child = spawn('/usr/bin/python3', [sinkScript, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let said = '';
    child.stdout.on('data', (chunk) => {
      said += chunk;
      const match = /listening (\d+)/.exec(said);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', () => reject(new Error('the SMTP sink exited')));
  });
  const messages = () =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')));
  const stop = async () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `smtp://127.0.0.1:${port}`, messages, stop };
}

const parts = {};
before(async () => {
  if (!installed) return;
  parts.sink = await startSink();
  parts.baton = await startBaton({
    extraArgs: ['--smtp-url', parts.sink.url, '--mail-from', 'support@shop.example', '--email-delay-ms', '1500'],
  });
  parts.browser = await launchBrowser();
});
after(async () => {
  await parts.browser?.close();
  await parts.baton?.stop();
  await parts.sink?.stop();
});

test('the e-mail of two answers links back to the same conversation in the widget', { skip: !installed }, async () => {
  const errors = [];
  const base = parts.baton.url;
  const admin = await apiLogin(base, kDemo.email, kDemo.password);
  await patchAssistant(base, admin, kDemo.assistantId, { email_followup: true });

  // A visitor leaves a message with an e-mail address and goes away; an agent answers twice.
  const session = await apiRequest(
    base,
    '',
    'POST',
    `/api/v1/widget/assistants/${kDemo.assistantId}/sessions`,
    {},
    201,
  );
  const visitor = session.visitor_token;
  await apiRequest(
    base,
    visitor,
    'POST',
    '/api/v1/widget/offline_message',
    {
      name: '王小明',
      contact: 'ming@example.com',
      text: '我的訂單 #1234 還沒出貨',
    },
    201,
  );
  const conversation = `/api/v1/conversations/${session.conversation_id}`;
  await apiRequest(base, admin, 'POST', `${conversation}/takeover`, {});
  await apiRequest(base, admin, 'POST', `${conversation}/messages`, { text: '訂單 #1234 今天出貨。' }, 201);
  await apiRequest(base, admin, 'POST', `${conversation}/messages`, { text: '明天就會送到。' }, 201);

  await eventually('one e-mail arrives', () => parts.sink.messages().length === 1, 20000);
  const [mail] = parts.sink.messages();
  assert.deepEqual(mail.rcpt_tos, ['ming@example.com']);
  assert.match(mail.text, /訂單 #1234 今天出貨。/);
  assert.match(mail.text, /明天就會送到。/);
  const link = /(http:\/\/\S+\/r\/\S+)/.exec(mail.text)?.[1];
  assert.ok(link, mail.text);

  // The link opens the widget on the same conversation, on another device (no stored token).
  const context = await parts.browser.newContext();
  const page = await context.newPage();
  watchErrors(page, errors);
  await page.goto(link);
  await expect(widgetMessages(page, 'agent')).toHaveCount(2);
  await expect(widgetMessages(page, 'agent').first()).toContainText('今天出貨');
  await expect(widgetMessages(page, 'customer').first()).toContainText('#1234');
  await screenshot(page, 'widget-email-resume');
  await context.close();

  // The console's settings show the assistant's switch and delay.
  const agentContext = await parts.browser.newContext({ viewport: { width: 1366, height: 820 } });
  const agent = await agentContext.newPage();
  watchErrors(agent, errors);
  await signIn(agent, base, kDemo);
  await agent.getByRole('link', { name: 'Settings' }).click();
  await expect(agent.getByTestId('email-followup-settings')).toBeVisible();
  assert.equal(await agent.getByTestId('email-followup').isChecked(), true);
  await expect(agent.getByTestId('email-followup-delay')).toHaveValue('120');
  await agentContext.close();

  assert.equal(parts.sink.messages().length, 1);
  assert.deepEqual(errors, []);
});
