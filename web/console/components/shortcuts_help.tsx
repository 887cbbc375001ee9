// The cheat sheet (`?`): every keyboard shortcut of the console, in the agent's language.
import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n';

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const { t } = useT();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div class="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="dialog shortcuts" role="dialog" aria-label={t.shortcutsTitle} data-testid="shortcuts-help">
        <h3>{t.shortcutsTitle}</h3>
        <table>
          <tbody>
            {t.shortcuts.map(([keys, what]) => (
              <tr key={keys}>
                <td>
                  <kbd>{keys}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="hint">{t.shortcutsNote}</p>
        <div class="form-bar">
          <button type="button" class="ghost" ref={close} onClick={onClose}>
            {t.close}
          </button>
        </div>
      </div>
    </div>
  );
}
