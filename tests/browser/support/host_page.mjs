// A shop page on another origin (its own server on another port) that embeds the widget and
// whose CSS tries hard to break it: global resets, !important rules on every element, and
// rules aimed at the widget's own tag.
import { createServer } from 'node:http';

const kHostileCss = `
  * { font-family: "Comic Sans MS", cursive !important; color: #ff00ff !important; letter-spacing: 3px !important; }
  div, button, textarea, input, section, p, span { display: none !important; border: 5px solid lime !important; }
  baton-widget { display: none !important; opacity: 0 !important; transform: scale(0) !important; }
  button { background: yellow !important; font-size: 40px !important; }
  body { background: #222; }
`;

export function hostPageHtml(batonUrl, { assistantId, lang }) {
  const langAttribute = lang ? ` data-lang="${lang}"` : '';
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Someone else's shop</title>
<style>${kHostileCss}</style></head>
<body><h1>Another origin's shop</h1>
<script src="${batonUrl}/widget.js" data-assistant-id="${assistantId}"${langAttribute} async></script>
</body></html>`;
}

export async function startHostPage(batonUrl, options) {
  const server = createServer((request, response) => {
    if (request.url === '/favicon.ico') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(hostPageHtml(batonUrl, options));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  // "localhost" is another origin than baton's 127.0.0.1, as another site would be.
  const url = `http://localhost:${server.address().port}/shop`;
  return {
    url,
    stop: () => new Promise((done) => server.close(done)),
  };
}
