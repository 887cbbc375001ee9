// An assistant answering through a language model: the customer sees the answer being written,
// then the finished message. The endpoint is the project's fake (it checks each request against
// the official OpenAI API's rules and exits non-zero if one broke them).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, watchErrors } from './support/browser.mjs';
import { apiLogin, kDemo, patchAssistant, startBaton } from './support/baton.mjs';
import { expect } from './support/expect.mjs';
import { customerSays, openWidget, widgetMessages } from './support/flows.mjs';
import { startHostPage } from './support/host_page.mjs';

let fake;
let fakeUrl;
let baton;
let shop;
let browser;
const errors = [];

function startFake() {
  const binary = process.env.BATON_FAKE_OPENAI ?? resolve(import.meta.dirname, '../../build/tests/baton-fake-openai');
  const child = spawn(binary, ['--pause-ms', '400', 'Yes, ', 'we ship to Japan ', 'in 5 working days.'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const ready = new Promise((done, fail) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (\S+)\n/);
      if (match) done(match[1]);
    });
    child.on('exit', (code) => fail(new Error(`fake exited ${code}: ${out}`)));
  });
  const exited = new Promise((done) => child.on('exit', (code) => done({ code, out })));
  return { child, ready, exited };
}

before(async () => {
  fake = startFake();
  fakeUrl = await fake.ready;
  baton = await startBaton({ extraArgs: ['--llm-timeout-seconds', '5'] });
  const token = await apiLogin(baton.url, kDemo.email, kDemo.password);
  await patchAssistant(baton.url, token, kDemo.assistantId, { llm_base_url: fakeUrl, llm_model: 'gpt-test' });
  shop = await startHostPage(baton.url, { assistantId: kDemo.assistantId, lang: 'en' });
  browser = await launchBrowser();
});

after(async () => {
  if (fake && fake.child.exitCode === null) {
    fake.child.stdin.end();
    console.log((await fake.exited).out);
  }
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
  await expect(widgetMessages(page, 'ai')).toHaveCount(1);
  await expect(widgetMessages(page, 'ai').first()).toContainText('Yes, we ship to Japan in 5 working days.');
  await expect(draft).toBeHidden();
  await context.close();
  assert.deepEqual(errors, []);

  fake.child.stdin.end();
  const { code, out } = await fake.exited;
  assert.match(out, /requests [1-9]/);
  assert.equal(code, 0, `the fake saw requests the real API would reject:\n${out}`);
});
