// The console's keyboard (team operations §4.14): which shortcut a key press is, and the word
// the caret is in for the `/` and `@` pickers. Chinese input methods (Bopomofo, Cangjie) use
// Enter and letters while they compose, so nothing here ever reads a key of a composition.

// A key press as a shortcut name ('Alt+J', 'Alt+Shift+D', '?', 'Escape'), or null: while an
// input method composes, for keys without the Alt modifier (but `?` and Escape), and for
// Ctrl/Meta combinations, which belong to the browser.
export function shortcutOf(e: KeyboardEvent): string | null {
  if (e.isComposing || e.keyCode === 229) return null;
  if (e.ctrlKey || e.metaKey) return null;
  if (e.key === 'Escape') return 'Escape';
  if (e.altKey) {
    // The physical key: Alt+letter types a symbol on some layouts (macOS), so e.key is not the letter.
    const letter = /^Key([A-Z])$/.exec(e.code)?.[1];
    if (!letter) return null;
    return e.shiftKey ? `Alt+Shift+${letter}` : `Alt+${letter}`;
  }
  return e.key === '?' ? '?' : null;
}

// Whether the key press was typed into a text field (where `?` is a character, not the cheat sheet).
export function inTextField(e: KeyboardEvent): boolean {
  const target = e.target as HTMLElement | null;
  if (!target) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

// A `/canned` or `@mention` word being typed: from its sign at `start` to the caret at `end`.
export interface Word {
  kind: 'canned' | 'mention';
  query: string; // what follows the sign
  start: number;
  end: number;
}

// The signs, also as a Chinese input method's full-width mode types them (／, ＠).
const kSigns: Record<string, Word['kind']> = { '/': 'canned', '／': 'canned', '@': 'mention', '＠': 'mention' };

// Where a sign may start a word: at the start, after a space or line break, or right after a
// CJK character (Chinese has no spaces between words). Not after ASCII letters, digits or
// punctuation, so a URL's slashes or an e-mail's @ open nothing.
const startsWord = (before: string | undefined) => before === undefined || /\s/.test(before) || before > '\u2e7f';

// The word the caret ends, when it is a sign and what follows it up to the caret (no space, no
// other sign).
export function wordAt(text: string, caret: number): Word | null {
  for (let start = caret - 1; start >= 0; start -= 1) {
    const char = text[start];
    if (/\s/.test(char)) return null;
    const kind = kSigns[char];
    if (!kind) continue;
    if (!startsWord(start > 0 ? text[start - 1] : undefined)) return null;
    return { kind, query: text.slice(start + 1, caret), start, end: caret };
  }
  return null;
}
