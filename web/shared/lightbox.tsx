// A picture at full size over everything, as a modal dialog: focus moves to its close button
// and goes back to what opened it; Escape, the button or a click beside the picture closes it.
import { useLayoutEffect, useRef } from 'preact/hooks';

interface LightboxProps {
  src: string;
  alt: string;
  closeLabel: string;
  testId: string;
  onClose: () => void;
}

export function Lightbox({ src, alt, closeLabel, testId, onClose }: LightboxProps) {
  const close = useRef<HTMLButtonElement>(null);
  // Before the dialog is painted (an effect would run a frame later, and a key pressed in that
  // frame would go to the opener).
  useLayoutEffect(() => {
    // Inside the widget's shadow root document.activeElement is the host: ask the root instead.
    const root = close.current?.getRootNode() as Document | ShadowRoot | undefined;
    const opener = root?.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => opener?.focus?.();
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation(); // closes the picture only, not the panel or pane behind it
      onClose();
    } else if (event.key === 'Tab') {
      event.preventDefault(); // the close button is the dialog's only control: focus stays on it
      close.current?.focus();
    }
  };
  return (
    <div
      class="lightbox"
      role="dialog"
      aria-modal="true"
      aria-label={alt}
      data-testid={testId}
      onKeyDown={onKeyDown}
      onClick={(event) => event.target === event.currentTarget && onClose()}
    >
      <img src={src} alt={alt} />
      <button ref={close} type="button" class="lightbox-close" aria-label={closeLabel} onClick={onClose}>
        ✕
      </button>
    </div>
  );
}
