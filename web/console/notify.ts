// Getting an agent's attention when a customer asks for a person: a short chime, and a
// browser notification when the tab is hidden (permission asked only when the agent clicks).

let audio: AudioContext | null = null;

// Browsers allow sound only after a user gesture: the first click creates the context.
export function unlockSound(): void {
  if (!audio && typeof AudioContext !== 'undefined') audio = new AudioContext();
}

export function chime(): void {
  if (!audio) return;
  const start = audio.currentTime;
  for (const [offset, frequency] of [
    [0, 880],
    [0.18, 1175],
  ] as const) {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.35);
    tone.connect(gain).connect(audio.destination);
    tone.start(start + offset);
    tone.stop(start + offset + 0.4);
  }
}

export const canAskForNotifications = (): boolean =>
  typeof Notification !== 'undefined' && Notification.permission === 'default';

export async function askForNotifications(): Promise<void> {
  if (typeof Notification !== 'undefined') await Notification.requestPermission();
}

export function notifyWhenHidden(title: string, body: string, onClick: () => void): void {
  if (!document.hidden || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const note = new Notification(title, { body, tag: 'baton-handoff' });
  note.onclick = () => {
    window.focus();
    onClick();
    note.close();
  };
}
