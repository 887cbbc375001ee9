// The control centre: every conversation (views All / Live Agent / AI / Done, search) beside the
// open one. The list grows a page at a time: scrolled to its end, or with "Load more".
import { useEffect, useState } from 'preact/hooks';
import { clockTime } from '../../shared/format';
import { noticeText } from '../../shared/notices';
import type { Conversation, Message } from '../../shared/types';
import type { Agent, View } from '../api';
import { openConversation } from '../app';
import { ConversationPane } from '../components/conversation_pane';
import { LabelChips } from '../components/labels_editor';
import { ShortcutsHelp } from '../components/shortcuts_help';
import { inTextField, shortcutOf } from '../keyboard';
import { useT } from '../i18n';
import { inView, queuePositions, type Inbox, type InboxState } from '../inbox';

interface Props {
  inbox: Inbox;
  state: InboxState;
  me: Agent;
  openId: string | null;
}

// How close to the end of the list a scroll fetches the next page.
const kLoadMoreMarginPx = 80;

const kViews: { view: View; testId?: string }[] = [
  { view: 'all' },
  { view: 'live_agent', testId: 'console-view-live-agent' },
  { view: 'ai' },
  { view: 'done' },
];

export function InboxScreen({ inbox, state, me, openId }: Props) {
  const { t } = useT();
  const [view, setView] = useState<View>(() => (sessionStorage.getItem('baton:view') as View) || 'all');
  const [query, setQuery] = useState('');
  const [label, setLabel] = useState('');
  const [helpOpen, setHelpOpen] = useState(false);
  useEffect(() => void inbox.open(openId), [openId]);
  useEffect(() => {
    if (label) inbox.showLabel(label);
  }, [label]);
  useEffect(() => {
    sessionStorage.setItem('baton:view', view);
    inbox.showView(view);
  }, [view]);

  const viewName: Record<View, string> = {
    all: t.viewAll,
    live_agent: t.viewLiveAgent,
    ai: t.viewAi,
    done: t.viewDone,
  };
  const count = (v: View) => state.conversations.filter((c) => inView(c, v)).length;
  const needle = query.trim().toLowerCase();
  const shown = state.conversations.filter(
    (c) =>
      inView(c, view) &&
      (!label || (c.labels ?? []).includes(label)) &&
      (!needle ||
        c.contact.name.toLowerCase().includes(needle) ||
        (c.last_message?.text ?? '').toLowerCase().includes(needle)),
  );
  const open = openId ? (state.conversations.find((c) => c.id === openId) ?? null) : null;
  const places = queuePositions(state.conversations);
  // With a label chosen, the list pages through that label's conversations (any view's).
  const hasMore = label ? typeof state.labelCursors[label] === 'string' : typeof state.cursors[view] === 'string';
  const loadMore = () => void (label ? inbox.loadMoreLabelled(label) : inbox.loadMore(view));

  // The list's shortcuts (team operations §4.14): next and previous in this view, next waiting,
  // and the cheat sheet (`?` outside a text field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const key = shortcutOf(e);
      if (key === '?' && !inTextField(e)) {
        e.preventDefault();
        setHelpOpen(true);
        return;
      }
      if (key === 'Escape') return setHelpOpen(false);
      const at = shown.findIndex((c) => c.id === openId);
      let next: Conversation | undefined;
      if (key === 'Alt+J') next = shown[at < 0 ? 0 : Math.min(at + 1, shown.length - 1)];
      else if (key === 'Alt+K') next = shown[at < 0 ? 0 : Math.max(at - 1, 0)];
      else if (key === 'Alt+W') {
        const waiting = state.conversations.filter((c) => c.status === 'waiting');
        const current = waiting.findIndex((w) => w.id === openId);
        next = waiting[current + 1] ?? waiting[0];
      } else return;
      e.preventDefault();
      if (next) openConversation(next.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const onListScroll = (e: Event) => {
    const list = e.currentTarget as HTMLElement;
    if (hasMore && list.scrollTop + list.clientHeight >= list.scrollHeight - kLoadMoreMarginPx) loadMore();
  };

  return (
    <div class="inbox">
      <aside class="list-pane">
        <div class="views" role="tablist">
          {kViews.map(({ view: v, testId }) => (
            <button
              type="button"
              role="tab"
              aria-selected={view === v}
              class={view === v ? 'view active' : 'view'}
              data-testid={testId}
              data-view={v}
              onClick={() => setView(v)}
            >
              {viewName[v]}
              {v === 'live_agent' && <span class={count(v) > 0 ? 'count hot' : 'count'}>{count(v)}</span>}
            </button>
          ))}
        </div>
        <input
          class="search"
          type="search"
          placeholder={t.search}
          aria-label={t.search}
          value={query}
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
        />
        {state.labels.length > 0 && (
          <select
            class="label-filter"
            data-testid="label-filter"
            aria-label={t.labelsTitle}
            value={label}
            onChange={(e) => setLabel((e.target as HTMLSelectElement).value)}
          >
            <option value="">{t.labelFilterAll}</option>
            {state.labels.map((l) => (
              <option value={l.name} key={l.name}>
                {l.name}
              </option>
            ))}
          </select>
        )}
        <ul class="conversation-list" onScroll={onListScroll}>
          {shown.length === 0 && !hasMore && <li class="empty">{t.noConversations}</li>}
          {shown.map((c) => (
            <ConversationRow
              key={c.id}
              conversation={c}
              active={c.id === openId}
              unread={state.unread.get(c.id) ?? 0}
              place={places.get(c.id) ?? null}
              inbox={inbox}
              state={state}
            />
          ))}
          {hasMore && (
            <li class="load-more">
              <button
                type="button"
                class="ghost"
                data-testid="console-load-more"
                disabled={state.loadingMore}
                onClick={loadMore}
              >
                {state.loadingMore ? t.loading : t.loadMore}
              </button>
            </li>
          )}
        </ul>
      </aside>
      <section class="conversation-pane">
        {open ? (
          <ConversationPane inbox={inbox} state={state} conversation={open} me={me} />
        ) : (
          <p class="empty center">{t.pickConversation}</p>
        )}
      </section>
      {helpOpen && <ShortcutsHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}

function ConversationRow({
  conversation: c,
  active,
  unread,
  place,
  inbox,
  state,
}: {
  conversation: Conversation;
  active: boolean;
  unread: number;
  place: number | null; // in the queue, while waiting
  inbox: Inbox;
  state: InboxState;
}) {
  const { t, lang } = useT();
  const last = c.last_message;
  return (
    <li>
      <button
        type="button"
        class={`row${active ? ' active' : ''}`}
        data-testid="console-conversation"
        data-status={c.status}
        data-id={c.id}
        onClick={() => openConversation(c.id)}
      >
        <span class={`channel ${c.channel}`} title={t.channel[c.channel]} aria-label={t.channel[c.channel]}>
          {c.contact.picture_url ? (
            <img src={c.contact.picture_url} alt="" referrerpolicy="no-referrer" />
          ) : c.channel === 'line' ? (
            'L'
          ) : (
            '◎'
          )}
        </span>
        <span class="row-main">
          <span class="row-top">
            <span class="name">{c.contact.name}</span>
            <time>{last ? clockTime(last.created_at, lang) : ''}</time>
          </span>
          <span class="row-bottom">
            <span class="preview">{last ? previewOf(last, t, inbox.agentName(last.agent_id), lang) : ''}</span>
            {unread > 0 && (
              <span class="unread" aria-label={`${unread} unread`}>
                {unread}
              </span>
            )}
          </span>
          <span class="row-status">
            <span class={`status status-${c.status}`}>{t.status[c.status]}</span>
            <LabelChips names={c.labels ?? []} catalog={state.labels} />
            {place !== null && (
              <span class="queue-place" data-testid="queue-position" data-position={place} title={t.queuePlace}>
                #{place}
              </span>
            )}
          </span>
        </span>
      </button>
    </li>
  );
}

function previewOf(last: Message, t: ReturnType<typeof useT>['t'], agentName: string, lang: string): string {
  // A file sent alone has no text: its name stands for it.
  const text =
    last.text || (last.attachment ? `[${t.attachmentKind[last.attachment.kind]}] ${last.attachment.file_name}` : '');
  const firstLine = (last.sender === 'system' ? noticeText(last, t.notices, lang) : text).split('\n')[0];
  if (last.sender === 'ai') return `${t.ai}: ${firstLine}`;
  if (last.sender === 'agent') return `${agentName || t.agent}: ${firstLine}`;
  return firstLine;
}
