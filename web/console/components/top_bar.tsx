// The bar on every screen: navigation, presence (always visible), one's own load ("2/3"),
// language, the demo shop, logout.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Presence } from '../../shared/types';
import { api, type Agent } from '../api';
import type { Route } from '../app';
import { useT, type Lang } from '../i18n';

interface Props {
  me: Agent;
  setMe: (agent: Agent) => void;
  route: Route;
  setLang: (lang: Lang) => void;
  onLogout: () => void;
  connected: boolean;
  liveCount: number;
  myLoad: string | null; // "2/3": the agent's live conversations and limit
  mentions: ComponentChildren; // the mentions inbox
}

export function TopBar({ me, setMe, route, setLang, onLogout, connected, liveCount, myLoad, mentions }: Props) {
  const { t, lang } = useT();
  const [hasDemo, setHasDemo] = useState(false);
  useEffect(() => {
    fetch('/demo', { method: 'GET', credentials: 'omit' }).then(
      (r) => setHasDemo(r.ok),
      () => undefined,
    );
  }, []);
  const changePresence = async (status: Presence) => setMe(await api.setPresence(status));
  return (
    <header class="topbar">
      <div class="brand">
        <span class="logo" aria-hidden="true">
          ◆
        </span>{' '}
        {t.appName}
      </div>
      <nav class="nav" aria-label="Main">
        <a href="#/inbox" class={route.screen === 'inbox' ? 'active' : ''}>
          {t.navInbox}
          {liveCount > 0 && <span class="pill warn">{liveCount}</span>}
        </a>
        <a href="#/knowledge" class={route.screen === 'knowledge' ? 'active' : ''}>
          {t.navKnowledge}
        </a>
        <a href="#/reports" class={route.screen === 'reports' ? 'active' : ''} data-testid="nav-reports">
          {t.reports.nav}
        </a>
        <a href="#/settings" class={route.screen === 'settings' ? 'active' : ''}>
          {t.navSettings}
        </a>
        {hasDemo && (
          <a href="/demo" target="_blank" rel="noopener" data-testid="console-demo-link">
            {t.demoShop} ↗
          </a>
        )}
      </nav>
      {!connected && (
        <span class="offline-banner" role="status">
          {t.reconnecting}
        </span>
      )}
      <div class="me">
        {mentions}
        {myLoad !== null && (
          <span class="my-load" title={t.myLoad}>
            {t.myLoadShort} <strong data-testid="my-load">{myLoad}</strong>
          </span>
        )}
        <label class={`presence presence-${me.presence}`}>
          <span class="dot" aria-hidden="true" />
          <span class="sr-only">{t.presence}</span>
          <select
            data-testid="console-presence"
            aria-label={t.presence}
            value={me.presence}
            onChange={(e) => void changePresence((e.target as HTMLSelectElement).value as Presence)}
          >
            <option value="online">{t.online}</option>
            <option value="away">{t.away}</option>
            <option value="offline">{t.offline}</option>
          </select>
        </label>
        <select
          class="lang"
          aria-label={t.language}
          data-testid="console-language"
          value={lang}
          onChange={(e) => setLang((e.target as HTMLSelectElement).value as Lang)}
        >
          <option value="zh-TW">中文</option>
          <option value="en">English</option>
        </select>
        <span class="who" title={me.email}>
          {me.name}
        </span>
        <button type="button" class="link" data-testid="console-logout" onClick={onLogout}>
          {t.logout}
        </button>
      </div>
    </header>
  );
}
