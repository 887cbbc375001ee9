// A yes-or-no question before an act that cannot be taken back from the keyboard (Alt+D).
// Enter confirms, Escape cancels; the confirm button has the focus.
import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n';

interface Props {
  title: string;
  text: string;
  confirm: string;
  testId: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, text, confirm, testId, onConfirm, onCancel }: Props) {
  const { t } = useT();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div class="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onCancel()}>
      <div
        class="dialog"
        role="alertdialog"
        aria-label={title}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
        }}
      >
        <h3>{title}</h3>
        <p>{text}</p>
        <div class="form-bar">
          <button type="button" class="primary" ref={button} data-testid={`${testId}-yes`} onClick={onConfirm}>
            {confirm}
          </button>
          <button type="button" class="ghost" data-testid={`${testId}-no`} onClick={onCancel}>
            {t.cancel}
          </button>
        </div>
      </div>
    </div>
  );
}
