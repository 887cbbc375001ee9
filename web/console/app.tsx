// Top of the console: who is signed in, the language, the screen from the URL hash, and the
// live inbox shared by every screen (the popup shows wherever the agent is).
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useStore } from '../shared/store';
import { api, ApiError, kSignedOutEvent, type Agent } from './api';
import { TopBar } from './components/top_bar';
import { HandoffPopups } from './components/handoff_popups';
import { MentionsMenu } from './components/mentions_menu';
import { LineQuotaBanner } from './components/line_quota';
import { WebhookBanner } from './components/webhook_banner';
import { LangContext, initialLang, strings, type Lang } from './i18n';
import { Inbox, type InboxState } from './inbox';
import { loadText, overallCapacity } from './load';
import { chime, notifyWhenHidden, unlockSound } from './notify';
import { InboxScreen } from './screens/inbox_screen';
import { KnowledgeScreen } from './screens/knowledge_screen';
import { LoginScreen } from './screens/login_screen';
import { ReportsScreen } from './screens/reports_screen';
import { SettingsScreen } from './screens/settings_screen';

export type Route =
  | { screen: 'inbox'; conversationId: string | null }
  | { screen: 'knowledge' }
  | { screen: 'settings' }
  | { screen: 'reports' };

function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  if (parts[0] === 'knowledge') return { screen: 'knowledge' };
  if (parts[0] === 'settings') return { screen: 'settings' };
  if (parts[0] === 'reports') return { screen: 'reports' };
  return { screen: 'inbox', conversationId: parts[0] === 'inbox' && parts[1] ? decodeURIComponent(parts[1]) : null };
}

export const openConversation = (id: string) => {
  location.hash = `#/inbox/${encodeURIComponent(id)}`;
};

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [me, setMeState] = useState<Agent | null>(null);
  // Whether the sign-in screen is back because the session ended (not a logout, not a first visit).
  const [sessionEnded, setSessionEnded] = useState(false);
  const [checked, setChecked] = useState(false);
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  const t = strings(lang);
  // The signed-in agent for event handlers, which outlive renders.
  const signedIn = useRef<Agent | null>(null);
  const setMe = useCallback((agent: Agent | null) => {
    signedIn.current = agent;
    setMeState(agent);
    if (agent) setSessionEnded(false);
  }, []);
  const logout = useCallback(async () => {
    signedIn.current = null; // a 401 from here on is the logout itself, not a session that ended
    await api.logout().catch(() => undefined);
    setMe(null);
  }, []);

  useEffect(() => {
    api
      .me()
      .then(setMe, (error) => {
        if (!(error instanceof ApiError) || error.status !== 401) console.warn(error);
      })
      .finally(() => setChecked(true));
    const onHash = () => setRoute(parseRoute(location.hash));
    // A 401 from any call (or a socket the server closed, checked the same way): the session ended.
    const onSignedOut = () => {
      if (!signedIn.current) return;
      setMe(null);
      setSessionEnded(true);
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener(kSignedOutEvent, onSignedOut);
    document.addEventListener('pointerdown', unlockSound, { once: true });
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener(kSignedOutEvent, onSignedOut);
    };
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem('baton:lang', lang);
  }, [lang]);

  const langValue = useMemo(() => ({ lang, t }), [lang]);
  return (
    <LangContext.Provider value={langValue}>
      {!checked ? null : me ? (
        <SignedIn me={me} setMe={setMe} route={route} setLang={setLang} onLogout={logout} />
      ) : (
        <LoginScreen onSignedIn={setMe} setLang={setLang} notice={sessionEnded ? t.sessionEnded : null} />
      )}
    </LangContext.Provider>
  );
}

interface SignedInProps {
  me: Agent;
  setMe: (agent: Agent | null) => void;
  route: Route;
  setLang: (lang: Lang) => void;
  onLogout: () => Promise<void>;
}

function SignedIn({ me, setMe, route, setLang, onLogout }: SignedInProps) {
  const inbox = useMemo(
    () =>
      new Inbox(({ conversation, note }) => {
        chime();
        notifyWhenHidden(conversation.contact.name, note ?? conversation.last_message?.text ?? '', () =>
          openConversation(conversation.id),
        );
      }),
    [],
  );
  inbox.agentId = me.id;
  const state = useStore(inbox.store);
  useEffect(() => {
    // A teammate's note naming this agent: the chime, and a notification while the tab is hidden.
    inbox.onMention = (mention) => {
      chime();
      notifyWhenHidden(mention.note.agent_name, mention.note.text, () => openConversation(mention.conversation_id));
    };
    inbox.start();
    return () => inbox.stop();
  }, [inbox]);

  const logout = async () => {
    inbox.stop();
    await onLogout();
  };

  return (
    <div class="shell">
      <TopBar
        me={me}
        setMe={setMe}
        route={route}
        setLang={setLang}
        onLogout={logout}
        connected={state.connected}
        liveCount={state.conversations.filter((c) => c.status === 'waiting').length}
        myLoad={myLoad(me, state)}
        mentions={<MentionsMenu inbox={inbox} mentions={state.mentions} />}
      />
      {me.role === 'admin' && <WebhookBanner />}
      <LineQuotaBanner assistants={Array.from(state.assistants.values())} />
      <main class="screen">
        {route.screen === 'inbox' && <InboxScreen inbox={inbox} state={state} me={me} openId={route.conversationId} />}
        {route.screen === 'knowledge' && <KnowledgeScreen me={me} />}
        {route.screen === 'settings' && <SettingsScreen me={me} setMe={setMe} />}
        {route.screen === 'reports' && <ReportsScreen me={me} />}
      </main>
      <HandoffPopups inbox={inbox} popups={state.popups} assignments={state.assignments} />
    </div>
  );
}

// "live/limit" for the top bar, from the latest GET /agents (re-read as conversations change hands).
function myLoad(me: Agent, state: InboxState): string | null {
  const self = state.agents.get(me.id);
  if (!self || self.live_count === undefined) return null;
  return loadText(self.live_count, overallCapacity(self, state.assistants.values()));
}
