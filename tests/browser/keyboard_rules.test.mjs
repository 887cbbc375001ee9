// The console's keyboard rules without a browser (web/console/keyboard.ts, the picker's keys):
// which key press is which shortcut, that nothing of an IME composition is one, and which word
// at the caret opens the `/` or `@` picker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTs } from './support/load_ts.mjs';

const load = () =>
  loadTs(`
    export { shortcutOf, wordAt } from './web/console/keyboard';
    export { pickerKey } from './web/console/components/picker';`);

const key = (init) => ({
  isComposing: false,
  keyCode: 0,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  code: '',
  key: '',
  ...init,
});

test('shortcuts need Alt (but ?, Escape), read the physical key, and never come from a composition', async () => {
  const { shortcutOf } = await load();
  assert.equal(shortcutOf(key({ altKey: true, code: 'KeyJ', key: '∆' })), 'Alt+J', 'macOS types ∆ for Alt+J');
  assert.equal(shortcutOf(key({ altKey: true, shiftKey: true, code: 'KeyD', key: 'Î' })), 'Alt+Shift+D');
  assert.equal(shortcutOf(key({ key: '?', shiftKey: true, code: 'Slash' })), '?');
  assert.equal(shortcutOf(key({ key: 'Escape', code: 'Escape' })), 'Escape');
  assert.equal(shortcutOf(key({ key: 'j', code: 'KeyJ' })), null, 'a bare letter is text');
  assert.equal(shortcutOf(key({ altKey: true, code: 'KeyD', isComposing: true })), null, 'Bopomofo composing');
  assert.equal(shortcutOf(key({ altKey: true, code: 'KeyD', keyCode: 229 })), null, 'the IME key code');
  assert.equal(shortcutOf(key({ ctrlKey: true, altKey: true, code: 'KeyD' })), null, 'the browser keeps Ctrl');
  assert.equal(shortcutOf(key({ altKey: true, code: 'Digit1' })), null);
});

test('a sign opens a picker only at the start of a word', async () => {
  const { wordAt } = await load();
  assert.deepEqual(wordAt('/退', 2), { kind: 'canned', query: '退', start: 0, end: 2 });
  assert.deepEqual(wordAt('Hi /ref and', 7), { kind: 'canned', query: 'ref', start: 3, end: 7 });
  assert.deepEqual(wordAt('您好／退', 4), { kind: 'canned', query: '退', start: 2, end: 4 }, 'full-width, after CJK');
  assert.deepEqual(wordAt('請 @Ca', 5), { kind: 'mention', query: 'Ca', start: 2, end: 5 });
  assert.equal(wordAt('see https://shop.tw/a', 21), null, "a URL's slashes");
  assert.equal(wordAt('mail a@b.c', 10), null, "an e-mail's @");
  assert.equal(wordAt('/ref done', 9), null, 'the caret past the word');
  assert.equal(wordAt('plain', 5), null);
});

test('an open picker takes the arrows, Enter and Tab (even with nothing to pick) and Escape', async () => {
  const { pickerKey } = await load();
  assert.deepEqual(pickerKey(key({ key: 'Enter' }), 2), { pick: true });
  assert.deepEqual(pickerKey(key({ key: 'Enter' }), 0), { wait: true }, 'a half-typed /shortcut is never sent');
  assert.deepEqual(pickerKey(key({ key: 'ArrowDown' }), 2), { move: 1 });
  assert.deepEqual(pickerKey(key({ key: 'Escape' }), 0), { close: true });
  assert.equal(pickerKey(key({ key: 'Enter', isComposing: true }), 2), null, "the IME's Enter picks its candidate");
  assert.equal(pickerKey(key({ key: 'a' }), 2), null);
});
