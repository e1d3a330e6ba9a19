// A whole conversation in the widget of the demo page: consent, the needs survey,
// the agreement, a plan of the interest assessment alone, its 48 items with the
// progress bar advancing, the result and the feedback, all by clicking the bot's
// buttons (typing only where it offers none). On a desktop and on a 360 px phone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  click, desktop, intakeSteps, launchBrowser, likert, openChat, phone, progressNow, screenshot, serverHistory,
  startServer, step, type, widget,
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

test('a whole conversation by buttons, from consent to the result (desktop)', async () => {
  const page = await browser.newPage(desktop);
  await page.goto(`${server.origin}/widget/`);
  const w = widget(page);
  await w.launcher.waitFor();
  assert.equal(await w.launcher.getAttribute('aria-expanded'), 'false');
  await screenshot(page, 'desktop-1-launcher');

  await openChat(page);
  assert.equal(await w.launcher.getAttribute('aria-expanded'), 'true');
  assert.match(await w.botMessages.first().innerText(), /职业生涯规划/);
  assert.deepEqual(await w.choices.allInnerTexts(), ['同意', '不同意']);
  await screenshot(page, 'desktop-2-consent');

  for (const s of intakeSteps) await step(page, s);
  assert.match(await w.botMessages.last().innerText(), /第 1\/48 题/);
  assert.equal(await w.progressbar.getAttribute('aria-valuemax'), '48');
  assert.equal(await progressNow(page), 0);
  assert.equal(await w.choices.count(), 5);

  // Every answer moves the bar by one; a few answers are typed instead of clicked.
  for (let item = 1; item <= 48; item++) {
    const value = (item % 5) + 1;
    if (item % 12 === 0) await type(page, String(value));
    else await click(page, likert[value]);
    if (item < 48) {
      assert.equal(await progressNow(page), item, `progress after item ${item}`);
      assert.match(await w.botMessages.last().innerText(), new RegExp(`第 ${item + 1}/48 题`));
    }
    if (item === 20) await screenshot(page, 'desktop-3-assessment');
  }
  // The result, then the rating question; the progress bar has gone.
  const texts = (await w.botMessages.allInnerTexts()).join('\n');
  assert.match(texts, /结果/);
  assert.match(texts, /霍兰德|[RIASEC]{3}/);
  assert.ok(await w.progressbar.isHidden());
  assert.ok((await w.choices.allInnerTexts()).includes('5 非常满意'));
  await screenshot(page, 'desktop-4-result');

  await click(page, '5 非常满意');
  await click(page, '达成了');
  await type(page, '跳过');  // the comment: free text, no buttons
  const history = await serverHistory(page, server);
  assert.equal(history.last.state, 'closed');
  await screenshot(page, 'desktop-5-closed');
  await page.close();
});

test('the panel fits a 360 px phone and works there', async () => {
  const page = await browser.newPage(phone);
  await page.goto(`${server.origin}/widget/`);
  const w = widget(page);
  await w.launcher.waitFor();
  await screenshot(page, 'phone-1-launcher');
  await openChat(page);
  const box = await w.panel.boundingBox();
  assert.ok(box.x >= 0 && box.width <= 360, `panel ${JSON.stringify(box)} within the screen`);
  // Nothing wider than the screen: no sideways scrolling inside the panel.
  const overflow = await page.evaluate(() => {
    const root = document.querySelector('#careerbot-widget').shadowRoot;
    const log = root.querySelector('.cb-log');
    return log.scrollWidth - log.clientWidth;
  });
  assert.equal(overflow, 0);
  await screenshot(page, 'phone-2-consent');
  for (const s of intakeSteps) await step(page, s);
  await click(page, likert[4]);
  await click(page, likert[2]);
  assert.equal(await progressNow(page), 2);
  const send = await w.send.boundingBox();
  assert.ok(send.x + send.width <= 360, 'the send button is on the screen');
  await screenshot(page, 'phone-3-assessment');
  await page.close();
});
