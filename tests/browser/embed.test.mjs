// Embedding on another site: one tag on a page of an allowed origin adds the widget
// (its options honoured, its interface in the conversation's language); a page of
// an origin not allowed gets nothing. Everything is rendered as text. The widget
// works from the keyboard alone.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import {
  desktop, fastLimits, launchBrowser, openChat, screenshot, startServer, texts, type, waitForReplies, widget,
} from './support.mjs';

// Two other sites, on loopback too (Chromium lets a page reach a loopback address
// only from a loopback or secure page): the shop is allowed to embed the widget,
// the other is not.
let sites = [];
let shop;
let elsewhere;
let server;
let browser;
before(async () => {
  const page = (req, res) => {
    const attributes = new URL(req.url, 'http://x').searchParams.get('attrs') || '';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>A shop</title></head><body>
      <h1>A shop</h1><a href="#top">first link of the page</a>
      <script src="${server.origin}/widget/careerbot.js" ${attributes}></script></body></html>`);
  };
  sites = [createServer(page), createServer(page)];
  for (const site of sites) await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  [shop, elsewhere] = sites.map((site) => `http://127.0.0.1:${site.address().port}`);
  server = await startServer({ widget: { ...fastLimits.widget, allowed_origins: [shop] } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  for (const site of sites) site.close();
});

// A page of the other site, embedding the widget with one tag.
async function hostPage(origin, attributes = '') {
  const page = await browser.newPage(desktop);
  await page.goto(`${origin}/?attrs=${encodeURIComponent(attributes)}`);
  return page;
}

test('an allowed origin embeds the widget with one tag, in its language and position', async () => {
  const page = await hostPage(shop, 'data-lang="en" data-position="left"');
  const w = widget(page);
  await w.launcher.waitFor();
  assert.equal(await w.launcher.innerText(), texts['widget.launcher'].en);
  const box = await w.launcher.boundingBox();
  assert.ok(box.x < 100, 'data-position="left" puts the launcher on the left');
  await openChat(page);
  assert.match(await w.botMessages.first().innerText(), /^Hello!/);
  assert.equal(await w.input.getAttribute('placeholder'), texts['widget.placeholder'].en);
  const choices = await w.choices.allInnerTexts();
  assert.equal(choices.length, 2);
  assert.match(choices[0], /agree/i);
  await screenshot(page, 'embed-1-english');

  // The interface follows the conversation's language.
  await type(page, '中文');
  assert.equal(await w.input.getAttribute('placeholder'), texts['widget.placeholder'].zh);
  assert.equal(await w.send.innerText(), texts['widget.send'].zh);
  await page.close();
});

test('an origin that is not allowed gets no widget', async () => {
  const page = await browser.newPage(desktop);
  // The browser refuses the answer (no CORS headers): a failed request, to the page.
  const refused = page.waitForEvent('requestfailed', (r) => r.url().endsWith('/widget/api/v1/strings'));
  await page.goto(`${elsewhere}/`);
  await refused;
  assert.ok(await widget(page).launcher.isHidden());
  assert.equal(await widget(page).host.getAttribute('hidden'), '');
  // What the server answered, asked outside a browser with the page's Origin.
  const res = await fetch(`${server.origin}/widget/api/v1/strings`, { headers: { Origin: elsewhere } });
  assert.equal(res.status, 403);
  assert.equal((await res.json()).error.code, 'permission_denied');
  await page.close();
});

test('what the visitor types and what the server says is shown as text, never as HTML', async () => {
  const page = await hostPage(shop);
  const w = widget(page);
  await openChat(page);
  await type(page, '同意');
  const evil = '<img src=x onerror="window.pwned=1"><b>bold</b>';
  // The server's answer is made up here, to carry markup and a javascript: link.
  await page.route('**/widget/api/v1/messages', (route) => route.fulfill({
    contentType: 'application/json',
    headers: { 'Access-Control-Allow-Origin': shop },
    body: JSON.stringify({
      replies: [
        { text: `echo ${evil}` },
        { text: 'a report', link: { url: 'https://reports.example/r/abc', title: 'Your <i>report</i>' } },
        { text: 'a trap', link: { url: 'javascript:window.pwned=2', title: 'click me' } },
      ],
      state: 'intake.field',
      lang: 'zh',
    }),
  }));
  await type(page, evil);
  assert.equal(await w.visitorMessages.last().innerText(), evil);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  const html = await page.evaluate(() => document.querySelector('#careerbot-widget').shadowRoot.querySelector('.cb-log').innerHTML);
  assert.ok(!html.includes('<img'), 'no element made from text');
  assert.ok(!html.includes('<b>'));
  const link = page.locator('.cb-link');
  assert.equal(await link.count(), 1, 'a javascript: URL is not made a link');
  assert.equal(await link.getAttribute('href'), 'https://reports.example/r/abc');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.match(await link.getAttribute('rel'), /noopener/);
  assert.match(await link.innerText(), /^Your <i>report<\/i>/);
  await page.close();
});

test('keyboard alone: open, answer by buttons and by typing, close', async () => {
  const page = await browser.newPage(desktop);
  await page.goto(`${server.origin}/widget/`);
  const w = widget(page);
  await w.launcher.waitFor();
  const focused = () => page.evaluate(() => {
    const root = document.querySelector('#careerbot-widget').shadowRoot;
    const e = root.activeElement;
    return e ? e.className : null;
  });

  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'cb-launcher');
  await page.keyboard.press('Enter');
  await waitForReplies(page, 0);
  assert.equal(await focused(), 'cb-input', 'opening the chat puts the cursor in the input');

  // Focus order: the log, its buttons, the input, the send button.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'cb-choice');
  assert.equal(await page.evaluate(() => document.querySelector('#careerbot-widget').shadowRoot.activeElement.textContent), '不同意');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), 'cb-choice');
  const before = await w.botMessages.count();
  await page.keyboard.press('Enter');  // 同意
  await waitForReplies(page, before);
  assert.match(await w.botMessages.last().innerText(), /称呼/);
  assert.equal(await focused(), 'cb-input', 'a question without buttons: back to the input');

  await page.keyboard.type('小明');
  const beforeName = await w.botMessages.count();
  await page.keyboard.press('Enter');
  await waitForReplies(page, beforeName);
  assert.match(await w.botMessages.last().innerText(), /性别/);
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'cb-send');

  // New replies are announced: the log is a polite live region.
  assert.equal(await page.locator('.cb-log').getAttribute('role'), 'log');
  assert.equal(await page.locator('.cb-log').getAttribute('aria-live'), 'polite');

  await page.keyboard.press('Escape');
  assert.ok(await w.panel.isHidden());
  assert.equal(await focused(), 'cb-launcher', 'closing returns the focus to the launcher');
  await page.close();
});
