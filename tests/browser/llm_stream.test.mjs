// An assistant answering through a language model: the customer sees the answer being written,
// then the finished message. The endpoint is the project's fake (it checks each request against
// the official OpenAI API's rules and exits non-zero if one broke them).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { apiLogin, kDemo, patchAssistant, startBaton } from './support/baton.mjs';
import { expect } from './support/expect.mjs';
import { fakeBinary, startFake } from './support/fakes.mjs';
import { customerSays, openWidget, widgetMessages } from './support/flows.mjs';
import { startHostPage } from './support/host_page.mjs';

let fake;
let fakeUrl;
let baton;
let shop;
let browser;
const errors = [];

before(async () => {
  fake = startFake(fakeBinary('BATON_FAKE_OPENAI', 'baton-fake-openai'), [
    '--pause-ms',
    '400',
    'Yes, ',
    'we ship to Japan ',
    'in 5 working days.',
  ]);
  fakeUrl = await fake.ready;
  baton = await startBaton({ extraArgs: ['--llm-timeout-seconds', '5'] });
  const token = await apiLogin(baton.url, kDemo.email, kDemo.password);
  await patchAssistant(baton.url, token, kDemo.assistantId, { llm_base_url: fakeUrl, llm_model: 'gpt-test' });
  shop = await startHostPage(baton.url, { assistantId: kDemo.assistantId, lang: 'en' });
  browser = await launchBrowser();
});

after(async () => {
  if (fake && fake.child.exitCode === null) console.log((await fake.finish()).out);
  await browser?.close();
  await shop?.stop();
  await baton?.stop();
});

test('the customer sees the model writing its answer, then the answer', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  watchErrors(page, errors);
  await openWidget(page, shop.url);
  await customerSays(page, 'Do you ship to Japan?');
  const draft = page.getByTestId('baton-draft');
  await expect(draft).toBeVisible();
  await expect(draft).toContainText('Yes,');
  // Each draft frame carries only the new words: the widget puts them together.
  await expect(draft).toContainText('Yes, we ship to Japan');
  await expect(widgetMessages(page, 'ai')).toHaveCount(1);
  await expect(widgetMessages(page, 'ai').first()).toContainText('Yes, we ship to Japan in 5 working days.');
  await expect(draft).toBeHidden();
  await context.close();
  assert.deepEqual(errors, []);

  const { code, out } = await fake.finish();
  assert.match(out, /requests [1-9]/);
  assert.equal(code, 0, `the fake saw requests the real API would reject:\n${out}`);
});
