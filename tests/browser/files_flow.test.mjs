// Pictures and files both ways: a customer pastes a photo and drops a PDF into the widget, the
// agent sees both in the console and answers with a pasted picture the widget shows; a file too
// large and a program disguised as a photo are refused with clear words and nothing is stored;
// an upload cut off by the network is tried again and stored once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { screenshot, watchErrors } from './support/browser.mjs';
import { apiLogin, apiRequest, kDemo } from './support/baton.mjs';
import { eventually, expect } from './support/expect.mjs';
import { consoleMessages, customerSays, openWidget, setPresence, signIn, widgetMessages } from './support/flows.mjs';
import { startHostPage } from './support/host_page.mjs';
import { startStack, useStack } from './support/stack.mjs';

const stack = useStack({ lang: 'en' });
const errors = [];

// A real PNG of `width` x `height` pixels, a two-colour gradient (libvips must be able to read it).
function pngOf(width, height, [r1, g1, b1], [r2, g2, b2]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0, then the pixels
    for (let x = 0; x < width; x++) {
      const mix = x / (width - 1);
      row[1 + x * 3] = Math.round(r1 + (r2 - r1) * mix);
      row[2 + x * 3] = Math.round(g1 + (g2 - g1) * mix);
      row[3 + x * 3] = Math.round(b1 + (b2 - b1) * mix);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const kCustomerPhoto = pngOf(160, 120, [220, 38, 38], [251, 191, 36]);
const kAgentPicture = pngOf(120, 90, [37, 99, 235], [16, 185, 129]);
const kPdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
// A Windows program renamed to look like a photo.
const kProgram = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(254, 0x90)]);

// A file made in the page: from bytes (base64) or, for a large one, `size` zero bytes.
const fileSpec = (name, type, bytes, size) => ({ name, type, base64: bytes?.toString('base64'), size });

// The event a paste of a copied file fires on the element.
function pasteFile(locator, spec) {
  return locator.evaluate((element, f) => {
    const bytes = f.base64 ? Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)) : new Uint8Array(f.size);
    const data = new DataTransfer();
    data.items.add(new File([bytes], f.name, { type: f.type }));
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, spec);
}

// The events a drag and drop of a file fires on the element.
function dropFile(locator, spec) {
  return locator.evaluate((element, f) => {
    const bytes = f.base64 ? Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)) : new Uint8Array(f.size);
    const data = new DataTransfer();
    data.items.add(new File([bytes], f.name, { type: f.type }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      element.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  }, spec);
}

const naturalWidth = (locator) => locator.evaluate((img) => (img.complete ? img.naturalWidth : 0));

// The picture's width once it has loaded (0 while it has not, or when it could not be decoded).
async function loaded(locator) {
  await expect(locator).toBeVisible();
  await eventually(`${locator} loads`, async () => (await naturalWidth(locator)) > 0);
  return naturalWidth(locator);
}

test('pictures and files go both ways; refused files store nothing', async () => {
  const agentContext = await stack.browser.newContext({ viewport: { width: 1366, height: 820 } });
  const agent = await agentContext.newPage();
  watchErrors(agent, errors);
  const customerContext = await stack.browser.newContext({ viewport: { width: 1280, height: 860 } });
  const customer = await customerContext.newPage();
  watchErrors(customer, errors);
  const adminToken = await apiLogin(stack.baton.url, kDemo.email, kDemo.password);

  await signIn(agent, stack.baton.url, kDemo);
  await setPresence(agent, 'online');
  await openWidget(customer, stack.shop.url);
  await customerSays(customer, 'My mug arrived broken, here is a photo and the receipt.');
  await expect(widgetMessages(customer, 'ai')).toHaveCount(1);

  // The customer pastes a photo: a preview first, then it is sent and shows in place.
  await pasteFile(customer.getByTestId('baton-input'), fileSpec('broken-mug.png', 'image/png', kCustomerPhoto));
  const preview = customer.getByTestId('widget-attachment-preview');
  await expect(preview).toBeVisible();
  await expect(preview).toContainText('broken-mug.png');
  await customer.getByTestId('widget-attachment-send').click();
  await expect(preview).toHaveCount(0);
  const customerPhoto = widgetMessages(customer, 'customer').getByTestId('widget-attachment-image');
  assert.ok((await loaded(customerPhoto)) > 0, 'the photo shows in the widget');

  // ... and drops the receipt on the panel: a card with its name and size.
  await dropFile(customer.getByRole('log'), fileSpec('receipt.pdf', 'application/pdf', kPdf));
  await expect(preview).toContainText('receipt.pdf');
  await customer.getByTestId('widget-attachment-send').click();
  await expect(customer.getByTestId('widget-attachment-file')).toHaveCount(1);
  await expect(customer.getByTestId('widget-attachment-file')).toContainText('receipt.pdf');

  // The agent sees both in the conversation: the photo rendered, the PDF as a card.
  const row = agent.getByTestId('console-conversation').first();
  await row.click();
  const conversationId = await row.getAttribute('data-id');
  const agentSeesPhoto = consoleMessages(agent, 'customer').getByTestId('console-attachment-image');
  assert.ok((await loaded(agentSeesPhoto)) > 0, 'the photo shows in the console');
  await expect(agent.getByTestId('console-attachment-file')).toContainText('receipt.pdf');
  await agentSeesPhoto.click();
  await expect(agent.getByTestId('console-lightbox')).toBeVisible();
  assert.ok((await loaded(agent.getByTestId('console-lightbox').locator('img'))) > 0, 'the full picture shows');
  await agent.keyboard.press('Escape');
  await expect(agent.getByTestId('console-lightbox')).toHaveCount(0);

  // The agent pastes a picture into the reply box and sends it: it takes the conversation over,
  // and the customer sees the picture.
  await pasteFile(agent.getByTestId('console-input'), fileSpec('how-to-pack.png', 'image/png', kAgentPicture));
  await expect(agent.getByTestId('console-attachment-preview')).toContainText('how-to-pack.png');
  await agent.getByTestId('console-attachment-send').click();
  await expect(agent.getByTestId('console-attachment-preview')).toHaveCount(0);
  await expect(consoleMessages(agent, 'agent').getByTestId('console-attachment-image')).toHaveCount(1);
  const agentPicture = widgetMessages(customer, 'agent').getByTestId('widget-attachment-image');
  assert.ok((await loaded(agentPicture)) > 0, "the agent's picture shows in the widget");
  await screenshot(agent, 'console-files');

  // The widget's lightbox: opens on click, Escape closes it (and only it).
  await agentPicture.click();
  const lightbox = customer.getByTestId('widget-lightbox');
  await expect(lightbox).toBeVisible();
  await screenshot(customer, 'widget-lightbox');
  await customer.keyboard.press('Escape');
  await expect(lightbox).toHaveCount(0);
  await expect(customer.getByTestId('baton-input')).toBeVisible();
  // From the keyboard: focus goes to the close button, Tab keeps it there, and back to the
  // picture when the lightbox closes.
  const focused = () => customer.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.ariaLabel ?? '');
  const focusIsOn = (label) => eventually(`focus on ${label}`, async () => (await focused()) === label);
  await focusIsOn('Open picture how-to-pack.png');
  await customer.keyboard.press('Enter');
  await expect(lightbox).toBeVisible();
  await focusIsOn('Close picture');
  await customer.keyboard.press('Tab');
  await focusIsOn('Close picture');
  await customer.keyboard.press('Enter');
  await expect(lightbox).toHaveCount(0);
  await focusIsOn('Open picture how-to-pack.png');
  await screenshot(customer, 'widget-files');

  const path = `/api/v1/conversations/${conversationId}/messages?after_seq=0&limit=200`;
  const stored = (await apiRequest(stack.baton.url, adminToken, 'GET', path)).messages.length;

  // A 30 MB video: refused before sending, with the limit, and no way to send it.
  await dropFile(customer.getByRole('log'), fileSpec('holiday.mp4', 'video/mp4', null, 30 * 1000 * 1000));
  const problem = customer.getByTestId('widget-upload-error');
  await expect(problem).toContainText('too large');
  await expect(problem).toContainText('files up to 20 MB');
  await expect(customer.getByTestId('widget-attachment-send')).toHaveCount(0);
  await expect(customer.getByTestId('widget-upload-retry')).toHaveCount(0);
  await screenshot(customer, 'widget-file-too-large');
  await customer.getByTestId('widget-attachment-remove').click();
  await expect(preview).toHaveCount(0);

  // A program renamed .jpg: the server reads its bytes and refuses it; the customer is told why.
  await pasteFile(customer.getByTestId('baton-input'), fileSpec('photo.jpg', 'image/jpeg', kProgram));
  await customer.getByTestId('widget-attachment-send').click();
  await expect(problem).toHaveAttribute('data-code', 'unsupported_media_type');
  await expect(problem).toContainText('cannot be sent');
  await expect(customer.getByTestId('widget-upload-retry')).toHaveCount(0);
  await customer.getByTestId('widget-attachment-remove').click();

  const after = (await apiRequest(stack.baton.url, adminToken, 'GET', path)).messages.length;
  assert.equal(after, stored, 'refused files store no message');

  // An upload the network cuts off: Try again sends it with the same client_id (so the server
  // would answer the first one again had it arrived), stored once. The second try is held until
  // its progress bar shows.
  const clientIds = [];
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await customer.route('**/api/v1/widget/attachments?*', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    clientIds.push(new URL(route.request().url()).searchParams.get('client_id'));
    if (clientIds.length === 1) return route.abort('connectionreset');
    await held;
    return route.continue();
  });
  await pasteFile(customer.getByTestId('baton-input'), fileSpec('another-angle.png', 'image/png', kCustomerPhoto));
  await customer.getByTestId('widget-attachment-send').click();
  await expect(problem).toHaveAttribute('data-code', 'network');
  await customer.getByTestId('widget-upload-retry').click();
  await expect(customer.getByTestId('widget-upload-progress')).toBeVisible();
  await expect(customer.getByTestId('widget-attachment-send')).toContainText('Sending…');
  release();
  await expect(preview).toHaveCount(0);
  await expect(widgetMessages(customer, 'customer').getByTestId('widget-attachment-image')).toHaveCount(2);
  const messages = (await apiRequest(stack.baton.url, adminToken, 'GET', path)).messages;
  assert.equal(messages.length, stored + 1, 'the retried file is stored once');
  assert.equal(clientIds.length, 2);
  assert.equal(clientIds[1], clientIds[0], 'the retry carries the first client_id');
  assert.equal(messages.at(-1).client_id, clientIds[0]);
  assert.equal(messages.at(-1).attachment.file_name, 'another-angle.png');

  await agentContext.close();
  await customerContext.close();
  assert.deepEqual(errors, []);
});

// The visitor's conversation id, once the widget has its session.
async function conversationIdOf(page, baseUrl = stack.baton.url) {
  let token = null;
  await eventually('the widget has a visitor token', async () => {
    token = await page.evaluate((id) => localStorage.getItem(`baton:${id}:token`), kDemo.assistantId);
    return token;
  });
  const response = await fetch(`${baseUrl}/api/v1/widget/conversation`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200);
  return (await response.json()).id;
}

test('refusals are told in Traditional Chinese, in the widget and the console', async () => {
  const shop = await startHostPage(stack.baton.url, { assistantId: kDemo.assistantId, lang: 'zh-TW' });
  // On a phone, where the widget also offers the camera.
  const customerContext = await stack.browser.newContext({
    locale: 'zh-TW',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const customer = await customerContext.newPage();
  watchErrors(customer, errors);
  const agentContext = await stack.browser.newContext({ locale: 'zh-TW', viewport: { width: 1366, height: 820 } });
  const agent = await agentContext.newPage();
  watchErrors(agent, errors);
  const adminToken = await apiLogin(stack.baton.url, kDemo.email, kDemo.password);

  await openWidget(customer, shop.url);
  await customerSays(customer, '杯子破了');
  await expect(widgetMessages(customer, 'ai')).toHaveCount(1);
  await expect(customer.getByTestId('widget-camera')).toHaveAttribute('aria-label', '拍照');
  await expect(customer.getByTestId('widget-attach')).toHaveAttribute('aria-label', '附加圖片或檔案');
  const conversationId = await conversationIdOf(customer);
  const path = `/api/v1/conversations/${conversationId}/messages?after_seq=0&limit=200`;
  const stored = (await apiRequest(stack.baton.url, adminToken, 'GET', path)).messages.length;

  const problem = customer.getByTestId('widget-upload-error');
  await dropFile(customer.getByRole('log'), fileSpec('影片.mp4', 'video/mp4', null, 30 * 1000 * 1000));
  await expect(problem).toContainText('檔案太大：可傳送的檔案上限為 20 MB');
  await customer.getByTestId('widget-attachment-remove').click();
  await pasteFile(customer.getByTestId('baton-input'), fileSpec('照片.jpg', 'image/jpeg', kProgram));
  await customer.getByTestId('widget-attachment-send').click();
  await expect(problem).toContainText('無法傳送這種檔案');

  // The agent's console, in zh-TW: the same refusals before and after sending.
  await signIn(agent, stack.baton.url, kDemo);
  await agent.locator(`[data-testid=console-conversation][data-id="${conversationId}"]`).click();
  await expect(agent.getByTestId('console-input')).toBeVisible();
  const agentProblem = agent.getByTestId('console-upload-error');
  await dropFile(agent.getByTestId('console-input'), fileSpec('說明.zip', 'application/zip', null, 30 * 1000 * 1000));
  await expect(agentProblem).toContainText('檔案太大：可傳送的檔案上限為 20 MB');
  await expect(agent.getByTestId('console-attachment-send')).toHaveCount(0);
  await agent.getByTestId('console-attachment-remove').click();
  const chooser = agent.waitForEvent('filechooser');
  await agent.getByTestId('console-attach').click();
  await (await chooser).setFiles({ name: '說明.jpg', mimeType: 'image/jpeg', buffer: kProgram });
  await agent.getByTestId('console-attachment-send').click();
  await expect(agentProblem).toContainText('無法傳送這種檔案');
  await expect(agent.getByTestId('console-upload-retry')).toHaveCount(0);

  const after = await apiRequest(stack.baton.url, adminToken, 'GET', path);
  assert.equal(after.messages.length, stored, 'refused files store no message');
  const conversation = await apiRequest(stack.baton.url, adminToken, 'GET', `/api/v1/conversations/${conversationId}`);
  assert.equal(conversation.status, 'ai', 'a refused file does not take the conversation over');

  await agentContext.close();
  await customerContext.close();
  await shop.stop();
  assert.deepEqual(errors, []);
});

test('a file past the retention shows as expired in the widget and the console', async () => {
  // Files are kept two seconds here (the server's shortest retention is one second).
  const short = await startStack({ extraArgs: ['--file-retention-days', '0.00002'] });
  try {
    const customerContext = await short.browser.newContext();
    const customer = await customerContext.newPage();
    watchErrors(customer, errors);
    const agentContext = await short.browser.newContext({ viewport: { width: 1366, height: 820 } });
    const agent = await agentContext.newPage();
    watchErrors(agent, errors);
    const adminToken = await apiLogin(short.baton.url, kDemo.email, kDemo.password);

    await openWidget(customer, short.shop.url);
    await customerSays(customer, 'Here is the photo.');
    await expect(widgetMessages(customer, 'ai')).toHaveCount(1);
    const chooser = customer.waitForEvent('filechooser');
    await customer.getByTestId('widget-attach').click();
    await (await chooser).setFiles({ name: 'old-photo.png', mimeType: 'image/png', buffer: kCustomerPhoto });
    await customer.getByTestId('widget-attachment-send').click();
    await expect(customer.getByTestId('widget-attachment-image')).toBeVisible();

    const conversationId = await conversationIdOf(customer, short.baton.url);
    const path = `/api/v1/conversations/${conversationId}/messages?after_seq=0&limit=200`;
    await eventually('the retention sweep expires the file', async () => {
      const { messages } = await apiRequest(short.baton.url, adminToken, 'GET', path);
      return messages.some((m) => m.attachment?.status === 'expired');
    });

    await customer.reload();
    await customer.getByTestId('baton-launcher').waitFor();
    if (!(await customer.getByTestId('baton-input').isVisible())) await customer.getByTestId('baton-launcher').click();
    await expect(customer.getByTestId('widget-attachment-expired')).toHaveText('File expired');
    await expect(customer.getByTestId('widget-attachment-image')).toHaveCount(0);

    await signIn(agent, short.baton.url, kDemo);
    await agent.locator(`[data-testid=console-conversation][data-id="${conversationId}"]`).click();
    await expect(agent.getByTestId('console-attachment-expired')).toHaveText('File expired');

    await agentContext.close();
    await customerContext.close();
  } finally {
    await short.stop();
  }
  assert.deepEqual(errors, []);
});
