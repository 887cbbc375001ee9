// Reports (team operations §4.10): after a handoff that an agent answers and closes with Done,
// the Reports screen shows them in today's tiles, charts and agents table, and the summary
// downloads as a CSV that starts with the UTF-8 BOM.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { screenshot, watchErrors } from './support/browser.mjs';
import { apiLogin, apiRequest, kDemo } from './support/baton.mjs';
import { expect } from './support/expect.mjs';
import { signIn } from './support/flows.mjs';
import { useStack } from './support/stack.mjs';

const stack = useStack({ lang: 'en' });
const errors = [];

test('Reports shows a handoff and its Done, and exports the summary as CSV with a BOM', async () => {
  const base = stack.baton.url;
  const admin = await apiLogin(base, kDemo.email, kDemo.password);
  await apiRequest(base, admin, 'PUT', '/api/v1/me/presence', { status: 'online' });
  const session = await apiRequest(
    base,
    '',
    'POST',
    `/api/v1/widget/assistants/${kDemo.assistantId}/sessions`,
    {},
    201,
  );
  await apiRequest(base, session.visitor_token, 'POST', '/api/v1/widget/messages', { text: 'Where is my order?' }, 201);
  await apiRequest(base, session.visitor_token, 'POST', '/api/v1/widget/handoff', {});
  const conversation = `/api/v1/conversations/${session.conversation_id}`;
  await apiRequest(base, admin, 'POST', `${conversation}/messages`, { text: 'Let me check.' }, 201);
  await apiRequest(base, admin, 'POST', `${conversation}/done`, {});

  const context = await stack.browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  watchErrors(page, errors);
  await signIn(page, base, kDemo);
  await page.getByTestId('nav-reports').click();
  await expect(page.getByTestId('reports-screen')).toBeVisible();
  await page.getByTestId('reports-preset-today').click();
  await expect(page.getByTestId('report-tile-handoff_requests')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('report-tile-resolutions')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('report-chart-handoffs-bar')).toHaveCount(1);
  await expect(page.getByTestId('report-chart-handoffs-bar').first()).toHaveAttribute('data-value', '1');
  const me = await apiRequest(base, admin, 'GET', '/api/v1/me');
  await expect(page.getByTestId(`report-agent-row-${me.id}`).getByTestId('report-agent-resolutions')).toHaveText('1');
  await expect(page.getByTestId('live-waiting')).toHaveText('0');
  await screenshot(page, 'console-reports');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('reports-export-summary').click(),
  ]);
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the file starts with the UTF-8 BOM');
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  const header = lines[0].split(',');
  const values = lines[1].split(',');
  assert.equal(values[header.indexOf('handoff_requests')], '1');
  assert.equal(values[header.indexOf('resolutions')], '1');

  await context.close();
  assert.deepEqual(errors, []);
});
