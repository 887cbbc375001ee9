// /widget.js: one script tag puts Baton's chat on any page. Everything lives in an open shadow
// root under a <baton-widget> element, so the page's CSS cannot reach in and ours cannot leak out.
import { render } from 'preact';
import { useStore } from '../shared/store';
import { WidgetApi } from './api';
import { ChatSession } from './chat_session';
import { chooseLang, strings, type Lang } from './i18n';
import { Widget } from './view';
import css from './widget.css';

function App({ session, lang }: { session: ChatSession; lang: Lang }) {
  const state = useStore(session.store);
  return <Widget session={session} state={state} t={strings(lang)} lang={lang} />;
}

function boot(script: HTMLScriptElement): void {
  const assistantId = script.dataset.assistantId;
  if (!assistantId) {
    console.error('Baton widget: add data-assistant-id="..." to the script tag');
    return;
  }
  const base = new URL(script.src, location.href).origin;
  const lang = chooseLang(script.dataset.lang, navigator.language);
  const host = document.createElement('baton-widget');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  root.appendChild(style);
  const mount = document.createElement('div');
  root.appendChild(mount);
  document.body.appendChild(host);

  const api = new WidgetApi(base, assistantId);
  api.lang = lang;
  const session = new ChatSession(
    api,
    { token: localStorage, open: sessionStorage },
    assistantId,
    script.dataset.resumeToken ?? null,
  );
  render(<App session={session} lang={lang} />, mount);
  void session.boot();
}

// The tag is async: document.currentScript is ours while this runs; wait for <body> if needed.
const script = document.currentScript as HTMLScriptElement | null;
if (script) {
  if (document.body) boot(script);
  else document.addEventListener('DOMContentLoaded', () => boot(script));
}
