// Never lost, never twice: a send that fails on the network is sent again with the
// same message id, the widget shows that it is retrying, and the server runs the
// turn exactly once, whether the failure came before the server saw the request or
// after it answered (the answer lost on the way back), and across a page reload.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  click, desktop, intakeSteps, launchBrowser, likert, openChat, progressNow, screenshot, serverHistory, startServer,
  step, texts, waitForReplies, widget,
} from './support.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const messages = '**/widget/api/v1/messages';

// A page at the first assessment item, and the server's view of it.
async function atFirstItem() {
  const context = await browser.newContext(desktop);
  const page = await context.newPage();
  await page.goto(`${server.origin}/widget/`);
  await openChat(page);
  for (const s of intakeSteps) await step(page, s);
  return { context, page };
}

function visitorTurns(history) {
  return history.messages.filter((m) => m.from === 'visitor').length;
}

async function waitForStatus(page, state) {
  await page.waitForFunction((s) => {
    const status = document.querySelector('#careerbot-widget').shadowRoot.querySelector('.cb-status');
    return !status.hidden && status.dataset.state === s;
  }, state);
}

test('a send aborted on the network is retried with the same id and runs once', async () => {
  const { context, page } = await atFirstItem();
  const w = widget(page);
  const before = await serverHistory(page, server);
  const botCount = await w.botMessages.count();

  const ids = [];
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route(messages, async (route) => {
    ids.push(JSON.parse(route.request().postData()).id);
    if (ids.length === 1) return route.abort('internetdisconnected');
    await released;  // the test has seen the widget say it is retrying
    return route.continue();
  });
  await w.choice(likert[4]).click();
  await waitForStatus(page, 'retrying');
  assert.ok((await w.status.innerText()).includes(texts['widget.retrying'].zh));
  // The second attempt is held on its way: the typing indicator shows meanwhile.
  await w.typing.waitFor();
  assert.ok(await w.send.isDisabled(), 'nothing else is sent while a message is on its way');
  await screenshot(page, 'network-1-retrying');
  release();
  await waitForReplies(page, botCount);
  assert.ok(await w.status.isHidden());

  assert.equal(ids.length, 2);
  assert.equal(ids[0], ids[1], 'the retry carries the same message id');
  assert.equal(await progressNow(page), 1);
  const afterRetry = await serverHistory(page, server);
  assert.equal(afterRetry.last.progress.done, before.last.progress.done + 1);
  assert.equal(visitorTurns(afterRetry), visitorTurns(before) + 1);
  await page.unroute(messages);
  await context.close();
});

test('an answer lost on the way back: the retry gets the same answer, the turn ran once', async () => {
  const { context, page } = await atFirstItem();
  const w = widget(page);
  const before = await serverHistory(page, server);
  const botCount = await w.botMessages.count();

  const ids = [];
  await page.route(messages, async (route) => {
    ids.push(JSON.parse(route.request().postData()).id);
    if (ids.length > 1) return route.continue();
    await route.fetch();  // the server runs the turn …
    return route.abort('connectionreset');  // … and the browser never hears of it
  });
  await click(page, likert[2]);
  assert.deepEqual(ids.length, 2);
  assert.equal(ids[0], ids[1]);

  assert.equal(await progressNow(page), 1);
  // One reply on the page, one turn on the server.
  assert.equal(await w.botMessages.count(), botCount + 1);
  const afterRetry = await serverHistory(page, server);
  assert.equal(afterRetry.last.progress.done, before.last.progress.done + 1);
  assert.equal(visitorTurns(afterRetry), visitorTurns(before) + 1);
  assert.equal(afterRetry.messages.length, before.messages.length + 2);
  await page.unroute(messages);
  await context.close();
});

test('a message still unsent at a reload is sent after it, once', async () => {
  const { context, page } = await atFirstItem();
  const w = widget(page);
  const before = await serverHistory(page, server);

  const ids = [];
  await page.route(messages, (route) => {
    ids.push(JSON.parse(route.request().postData()).id);
    return route.abort('internetdisconnected');
  });
  await w.choice(likert[5]).click();
  await waitForStatus(page, 'retrying');
  await page.unroute(messages);
  await page.route(messages, (route) => {
    ids.push(JSON.parse(route.request().postData()).id);
    return route.continue();
  });
  await page.reload();
  await waitForReplies(page, 0);
  assert.ok(ids.length >= 2);
  assert.equal(new Set(ids).size, 1, 'every attempt, before and after the reload, carries one id');
  assert.equal(await progressNow(page), 1);
  assert.match(await w.botMessages.last().innerText(), /第 2\/48 题/);
  const afterReload = await serverHistory(page, server);
  assert.equal(afterReload.last.progress.done, before.last.progress.done + 1);
  assert.equal(visitorTurns(afterReload), visitorTurns(before) + 1);
  await page.unroute(messages);
  await context.close();
});

test('rate limited (429): the widget says so and sends again after Retry-After', async () => {
  const { context, page } = await atFirstItem();
  const w = widget(page);
  const botCount = await w.botMessages.count();
  let calls = 0;
  await page.route(messages, (route) => {
    calls += 1;
    if (calls > 1) return route.continue();
    return route.fulfill({
      status: 429,
      headers: { 'Retry-After': '1', 'Content-Type': 'application/json' },
      body: JSON.stringify({ error: { code: 'rate_limited', message: 'too many requests' } }),
    });
  });
  await w.choice(likert[3]).click();
  await waitForStatus(page, 'rate_limited');
  await waitForReplies(page, botCount);
  assert.equal(calls, 2);
  assert.equal(await progressNow(page), 1);
  await page.unroute(messages);
  await context.close();
});
