// An agent's load against their limit (team operations §4.1): their own max_concurrent, else the
// assistant's default_capacity, else no limit; "2/3", or "2" when there is no limit.
import type { Agent, Assistant } from './api';

export const serves = (agent: Agent, assistantId: string): boolean =>
  agent.assistant_ids.length === 0 || agent.assistant_ids.includes(assistantId);

export const capacityOf = (agent: Agent, assistant: Assistant | undefined): number | null =>
  agent.max_concurrent ?? assistant?.default_capacity ?? null;

// The limit across every assistant the agent serves: their own, or the default they all share;
// null (shown as no limit) when there is none or the defaults differ.
export function overallCapacity(agent: Agent, assistants: Iterable<Assistant>): number | null {
  if (agent.max_concurrent !== null) return agent.max_concurrent;
  const defaults = new Set<number | null>();
  for (const assistant of assistants) {
    if (serves(agent, assistant.id)) defaults.add(assistant.default_capacity);
  }
  return defaults.size === 1 ? [...defaults][0] : null;
}

export const loadText = (live: number, capacity: number | null): string =>
  capacity === null ? String(live) : `${live}/${capacity}`;
