// The control centre: every conversation (views All / Live Agent / AI / Done, search) beside the
// open one. The list grows a page at a time: scrolled to its end, or with "Load more".
import { useEffect, useState } from 'preact/hooks';
import { clockTime } from '../../shared/format';
import { noticeText } from '../../shared/notices';
import type { Conversation, Message } from '../../shared/types';
import type { Agent, View } from '../api';
import { openConversation } from '../app';
import { ConversationPane } from '../components/conversation_pane';
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
  useEffect(() => void inbox.open(openId), [openId]);
  useEffect(() => {
    sessionStorage.setItem('baton:view', view);
    inbox.showView(view);
  }, [view]);

  const label: Record<View, string> = { all: t.viewAll, live_agent: t.viewLiveAgent, ai: t.viewAi, done: t.viewDone };
  const count = (v: View) => state.conversations.filter((c) => inView(c, v)).length;
  const needle = query.trim().toLowerCase();
  const shown = state.conversations.filter(
    (c) =>
      inView(c, view) &&
      (!needle ||
        c.contact.name.toLowerCase().includes(needle) ||
        (c.last_message?.text ?? '').toLowerCase().includes(needle)),
  );
  const open = openId ? (state.conversations.find((c) => c.id === openId) ?? null) : null;
  const places = queuePositions(state.conversations);
  const hasMore = typeof state.cursors[view] === 'string';
  const loadMore = () => void inbox.loadMore(view);
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
              {label[v]}
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
    </div>
  );
}

function ConversationRow({
  conversation: c,
  active,
  unread,
  place,
  inbox,
}: {
  conversation: Conversation;
  active: boolean;
  unread: number;
  place: number | null; // in the queue, while waiting
  inbox: Inbox;
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
  const firstLine = (last.sender === 'system' ? noticeText(last, t.notices, lang) : last.text).split('\n')[0];
  if (last.sender === 'ai') return `${t.ai}: ${firstLine}`;
  if (last.sender === 'agent') return `${agentName || t.agent}: ${firstLine}`;
  return firstLine;
}
