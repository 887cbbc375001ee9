// The notice words of both front ends, without a browser: web/shared/notices.ts renders every
// event the server can send (read from src/core/names.cpp) from the widget's and the console's
// tables, in zh-TW and English, never from a split text; an assistant's own text stays whole.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { kRoot as root, loadTs } from './support/load_ts.mjs';

const loadFrontEnds = () =>
  loadTs(`
    export { noticeText } from './web/shared/notices';
    export { strings as widgetStrings } from './web/widget/i18n';
    export { strings as consoleStrings } from './web/console/i18n';`);

// The events of core::SystemEvent, as the server names them.
async function serverEvents() {
  const names = await readFile(join(root, 'src/core/names.cpp'), 'utf8');
  const events = [...names.matchAll(/\{SystemEvent::(\w+), "(\w*)"\}/g)].map((m) => m[2]).filter(Boolean);
  assert.ok(events.length >= 7, `found the events: ${events}`);
  return events;
}

const { noticeText, widgetStrings, consoleStrings } = await loadFrontEnds();
const tables = { widget: widgetStrings, console: consoleStrings };
const kOldText = '舊的中文通知。\nAn old English notice.';
const message = (event, extra = {}) => ({ sender: 'system', event, text: kOldText, ...extra });
const hasChinese = (text) => /[\u4e00-\u9fff]/.test(text);

for (const [frontEnd, strings] of Object.entries(tables)) {
  test(`${frontEnd}: every event renders from its table in each language, never from the text`, async () => {
    for (const event of await serverEvents()) {
      const chinese = noticeText(message(event), strings('zh-TW').notices, 'zh-TW');
      const english = noticeText(message(event), strings('en').notices, 'en');
      assert.ok(chinese && !chinese.includes('\n') && hasChinese(chinese), `${event} zh-TW: ${chinese}`);
      assert.ok(english && !english.includes('\n') && !hasChinese(english), `${event} en: ${english}`);
      assert.notEqual(chinese, kOldText);
    }
  });

  test(`${frontEnd}: a notice's details are rendered in the reader's words`, () => {
    const zh = strings('zh-TW').notices;
    const en = strings('en').notices;
    const placed = message('handoff_requested', { notice: { queue_position: 3 } });
    assert.equal(noticeText(placed, zh, 'zh-TW'), '已為您轉接真人客服，請稍候。您目前排在第 3 位。');
    assert.equal(
      noticeText(placed, en, 'en'),
      'Connecting you to a live agent, please wait. You are number 3 in the queue.',
    );
    const joined = message('agent_joined', { agent_name: 'Mei' });
    assert.equal(noticeText(joined, zh, 'zh-TW'), '客服人員 Mei 已加入對話。');
    assert.equal(noticeText(joined, en, 'en'), 'Mei has joined the conversation.');
    const next = new Date(Date.now() + 2 * 3600 * 1000).toISOString();
    const closed = message('no_agents_online', {
      notice: { closed: true, next_open_at: next, time_zone: 'Asia/Taipei' },
    });
    assert.match(
      noticeText(closed, en, 'en'),
      /^We are closed right now\. Leave us a message\. We're back .+\d\d:\d\d\.$/,
    );
    assert.match(noticeText(closed, zh, 'zh-TW'), /^目前為非營業時間，請留下您的訊息。我們將於.+\d\d:\d\d 回覆。$/);
    const closedForGood = message('no_agents_online', { notice: { closed: true, next_open_at: null } });
    assert.equal(noticeText(closedForGood, en, 'en'), 'We are closed right now. Leave us a message.');
  });

  test(`${frontEnd}: text an admin wrote, and an event this build does not know, come as written`, () => {
    const offline = message('no_agents_online', {
      text: '週末休息。\nClosed at weekends.',
      notice: { custom_text: true },
    });
    for (const lang of ['zh-TW', 'en']) {
      assert.equal(noticeText(offline, strings(lang).notices, lang), '週末休息。\nClosed at weekends.');
      assert.equal(noticeText(message('a_future_event'), strings(lang).notices, lang), kOldText);
    }
  });
}
