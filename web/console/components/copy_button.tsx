// Copies a text to the clipboard and says so for a moment.
import { useState } from 'preact/hooks';
import { useT } from '../i18n';

export function CopyButton({ text, testId }: { text: string; testId: string }) {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(text).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <button type="button" class="secondary" data-testid={testId} onClick={() => void copy()}>
      {copied ? t.copied : t.copy}
    </button>
  );
}
