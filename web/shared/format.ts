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

const kWeekMs = 6 * 24 * 3600 * 1000;

// The next opening in the reader's own zone: "Monday 09:00" / "週一 09:00", with the date
// when it is a week or more away.
export function openingTime(iso: string, lang: string): string {
  const at = new Date(iso);
  const weekday = at.toLocaleDateString(lang, { weekday: lang === 'zh-TW' ? 'short' : 'long' });
  const time = at.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const far = at.getTime() - Date.now() > kWeekMs;
  const date = far ? at.toLocaleDateString(lang, { month: 'short', day: 'numeric' }) + ' ' : '';
  return `${date}${weekday} ${time}`;
}
