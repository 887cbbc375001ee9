// The usual set-up of a browser test file: the demo server, a shop page on another origin that
// embeds its widget, and a browser; stopped together (a partial start is undone).
import { after, before } from 'node:test';
import { launchBrowser } from './browser.mjs';
import { kDemo, startBaton } from './baton.mjs';
import { startHostPage } from './host_page.mjs';

export async function startStack({ lang = 'en', extraArgs = [] } = {}) {
  const started = [];
  const stop = async () => {
    for (const part of started.reverse()) await part.stop();
  };
  try {
    const baton = await startBaton({ extraArgs });
    started.push(baton);
    const shop = await startHostPage(baton.url, { assistantId: kDemo.assistantId, lang });
    started.push(shop);
    const browser = await launchBrowser();
    started.push({ stop: () => browser.close() });
    return { baton, shop, browser, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// For a test file: starts the stack before its tests and stops it after them. The object
// answered is filled in when the tests run (stack.baton, stack.shop, stack.browser).
export function useStack(options) {
  const stack = {};
  before(async () => Object.assign(stack, await startStack(options)));
  after(async () => stack.stop?.());
  return stack;
}
