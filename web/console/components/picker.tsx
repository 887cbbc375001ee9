// A list to pick from while typing (canned replies after `/`, teammates after `@`). The text
// field keeps the caret and the keys (see pickerKey): this only shows the list, the item the
// arrows are on, and takes clicks.
import { useEffect, useRef } from 'preact/hooks';

export interface PickerItem {
  key: string;
  title: string;
  detail: string;
}

interface Props {
  title: string;
  empty: string;
  items: PickerItem[];
  active: number;
  testId: string;
  onChoose: (key: string) => void;
}

// What a key press does to an open picker of `count` items: move, pick, close, or nothing (the
// key is the text field's). Keys of an IME composition are never the picker's.
// Enter and Tab with nothing to pick yet (the search still running, or no match) do nothing:
// a half-typed `/shortcut` is never sent.
export type PickerMove = { move: number } | { pick: true } | { close: true } | { wait: true } | null;

export function pickerKey(e: KeyboardEvent, count: number): PickerMove {
  if (e.isComposing || e.keyCode === 229) return null;
  if (e.key === 'Escape') return { close: true };
  if (e.key === 'Enter' || e.key === 'Tab') return count > 0 ? { pick: true } : { wait: true };
  if (count === 0) return null;
  if (e.key === 'ArrowDown') return { move: 1 };
  if (e.key === 'ArrowUp') return { move: -1 };
  return null;
}

export function Picker({ title, empty, items, active, testId, onChoose }: Props) {
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => list.current?.querySelector('[aria-selected=true]')?.scrollIntoView({ block: 'nearest' }), [active]);
  return (
    <div class="picker" role="listbox" aria-label={title} data-testid={testId} ref={list}>
      <div class="picker-title">{title}</div>
      {items.length === 0 && empty && <div class="picker-empty">{empty}</div>}
      {items.map((item, i) => (
        <button
          type="button"
          role="option"
          aria-selected={i === active}
          class={i === active ? 'picker-item active' : 'picker-item'}
          data-testid={`${testId}-item`}
          key={item.key}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onChoose(item.key)}
        >
          <span class="picker-item-title">{item.title}</span>
          <span class="picker-item-detail">{item.detail}</span>
        </button>
      ))}
    </div>
  );
}
