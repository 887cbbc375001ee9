// Small display helpers shared by the console and the widget.

export function clockTime(iso: string, locale: string): string {
  const date = new Date(iso);
  return date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

export function newClientId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return 'c_' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const lastOf = <T>(list: readonly T[]): T | undefined => list[list.length - 1];

// System notices (and the demo greeting) come in both languages, one per line, Chinese first:
// show the reader's.
export function localLine(text: string, lang: string): string {
  const lines = text.split('\n');
  if (lines.length !== 2) return text;
  return lang === 'zh-TW' ? lines[0] : lines[1];
}
