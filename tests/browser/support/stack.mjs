// The usual set-up of a browser test file: the demo server, a shop page on another origin that
// embeds its widget, and a browser; stopped together (a partial start is undone).
import { launchBrowser } from './browser.mjs';
import { kDemo, startBaton } from './baton.mjs';
import { startHostPage } from './host_page.mjs';

export async function startStack({ lang = 'en' } = {}) {
  const started = [];
  const stop = async () => {
    for (const part of started.reverse()) await part.stop();
  };
  try {
    const baton = await startBaton();
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
