// The conversation survives a page reload: the visitor's id is kept in the browser,
// the history comes back (with the pressed buttons' labels), and the visitor goes on
// at the same assessment item, with its buttons and the progress bar.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  click, desktop, intakeSteps, launchBrowser, likert, openChat, progressNow, screenshot, serverHistory, startServer,
  step, waitForReplies, widget,
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

test('a reload shows the history and continues at the same item', async () => {
  const context = await browser.newContext(desktop);
  const page = await context.newPage();
  await page.goto(`${server.origin}/widget/`);
  const w = widget(page);
  await openChat(page);
  for (const s of intakeSteps) await step(page, s);
  await click(page, likert[5]);
  await click(page, likert[1]);
  await click(page, likert[3]);
  assert.equal(await progressNow(page), 3);
  const botBefore = await w.botMessages.allInnerTexts();
  const visitorBefore = await w.visitorMessages.allInnerTexts();

  await page.reload();
  // The panel was open, so it opens again by itself, with the history.
  await waitForReplies(page, 0);
  assert.ok(await w.panel.isVisible());
  assert.deepEqual(await w.botMessages.allInnerTexts(), botBefore);
  // Pressed buttons come back as their labels; what was sent before the privacy
  // notice was accepted is not kept (there was nothing: the chat was opened).
  assert.deepEqual(await w.visitorMessages.allInnerTexts(), visitorBefore);
  assert.equal(visitorBefore[0], '同意');
  assert.match(botBefore.at(-1), /第 4\/48 题/);
  assert.equal(await progressNow(page), 3);
  assert.deepEqual(await w.choices.allInnerTexts(), Object.values(likert));
  await screenshot(page, 'reload-1-history');

  await click(page, likert[4]);
  assert.equal(await progressNow(page), 4);
  assert.match(await w.botMessages.last().innerText(), /第 5\/48 题/);

  // Another tab of the same browser is the same visitor: the chat starts closed
  // there, and opening it shows the same conversation.
  const other = await context.newPage();
  await other.goto(`${server.origin}/widget/`);
  await widget(other).launcher.waitFor();
  assert.ok(await widget(other).panel.isHidden());
  await openChat(other);
  assert.match(await widget(other).botMessages.last().innerText(), /第 5\/48 题/);
  assert.equal(await progressNow(other), 4);

  const history = await serverHistory(page, server);
  assert.equal(history.last.progress.done, 4);
  await context.close();
});

test('a new browser is a new visitor, welcomed afresh', async () => {
  const page = await browser.newPage(desktop);
  await page.goto(`${server.origin}/widget/`);
  const w = await openChat(page);
  assert.equal(await w.visitorMessages.count(), 0);
  assert.match(await w.botMessages.first().innerText(), /你好/);
  await page.close();
});
