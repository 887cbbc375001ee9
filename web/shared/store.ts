// One observable value for the front ends' live models (the console's Inbox, the widget's
// ChatSession): replaced whole on every change, so a render compares by identity, and read by
// components through useStore.
import { useEffect, useState } from 'preact/hooks';

export class Store<T extends object> {
  private listeners = new Set<(state: T) => void>();

  constructor(private state: T) {}

  get(): T {
    return this.state;
  }

  set(next: T): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of Array.from(this.listeners)) listener(next);
  }

  update(patch: Partial<T>): void {
    this.set({ ...this.state, ...patch });
  }

  subscribe(listener: (state: T) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

// The store's current value, rendering again on every change.
export function useStore<T extends object>(store: Store<T>): T {
  const [, rerender] = useState(0);
  const rendered = store.get();
  useEffect(() => {
    const changed = () => rerender((n) => n + 1);
    // Effects run after paint: a change between this render and the subscription is caught here.
    if (store.get() !== rendered) changed();
    return store.subscribe(changed);
  }, [store]);
  return store.get();
}
