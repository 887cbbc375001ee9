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

const kSigns: Record<string, Word['kind']> = { '/': 'canned', '@': 'mention' };

// The word the caret ends, when it starts with `/` or `@` at the start of the text or after a
// space or line break (so a URL's slashes or an e-mail's @ open nothing).
export function wordAt(text: string, caret: number): Word | null {
  let start = caret;
  while (start > 0 && !/\s/.test(text[start - 1])) start -= 1;
  const kind = kSigns[text[start]];
  if (!kind) return null;
  const query = text.slice(start + 1, caret);
  if (/[/@]/.test(query)) return null;
  return { kind, query, start, end: caret };
}
