// The assistants an agent can see, with the one picked kept per browser.
import { useEffect, useState } from 'preact/hooks';
import { api, type Assistant } from './api';

export function useAssistants() {
  const [assistants, setAssistants] = useState<Assistant[] | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(() => localStorage.getItem('baton:assistant'));
  const reload = () => api.assistants().then(setAssistants, () => setAssistants([]));
  useEffect(() => void reload(), []);
  const selected = assistants?.find((a) => a.id === selectedId) ?? assistants?.[0] ?? null;
  const select = (id: string) => {
    localStorage.setItem('baton:assistant', id);
    setSelectedId(id);
  };
  const replace = (assistant: Assistant) =>
    setAssistants((list) =>
      (list ?? [])
        .filter((a) => a.id !== assistant.id)
        .concat(assistant)
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  return { assistants, selected, select, replace, reload };
}
