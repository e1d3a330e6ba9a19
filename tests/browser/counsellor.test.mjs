// A counsellor in the widget's conversation (S-4.4): the visitor asks for a human,
// a counsellor takes the hand-off and writes through the admin API, and the words
// appear in the open widget without the visitor typing anything (the widget polls
// GET updates while the server's answers carry next_poll_ms). When the counsellor
// leaves, the conversation goes on where it was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  addStaff, adminPost, click, desktop, fastLimits, launchBrowser, openChat, screenshot, serverHistory, startServer,
  type, widget,
} from './support.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ widget: { ...fastLimits.widget, poll_interval_ms: 1000 } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the counsellor's messages appear in the open widget while the visitor waits", async () => {
  const page = await browser.newPage(desktop);
  await page.goto(`${server.origin}/widget/`);
  const w = widget(page);
  await openChat(page);
  await click(page, '同意');
  await type(page, '人工');
  const visitorLines = await w.visitorMessages.allInnerTexts();
  assert.deepEqual(visitorLines, ['同意', '人工']);
  // Waiting for a counsellor: the widget polls (the page's scripts can see it).
  assert.equal(await w.host.getAttribute('data-live'), 'true');

  const wang = addStaff(server, '王老师');
  await adminPost(server, wang, 'handoffs/1/take');
  await w.botMessages.filter({ hasText: '咨询师王老师已加入对话' }).waitFor();
  await adminPost(server, wang, 'handoffs/1/messages', { text: '你好，我是王老师。' });
  await adminPost(server, wang, 'handoffs/1/messages', { text: '你想转到哪个行业？' });
  const second = w.botMessages.filter({ hasText: '【咨询师王老师】你想转到哪个行业？' });
  await second.waitFor();

  // Shown once each, in order, as the bot's bubbles of the live log; the visitor
  // wrote nothing meanwhile.
  const bot = await w.botMessages.allInnerTexts();
  const counsellor = bot.filter((text) => text.startsWith('【咨询师王老师】'));
  assert.deepEqual(counsellor, ['【咨询师王老师】你好，我是王老师。', '【咨询师王老师】你想转到哪个行业？']);
  assert.deepEqual(await w.visitorMessages.allInnerTexts(), visitorLines);
  assert.equal(await page.locator('.cb-log').getAttribute('aria-live'), 'polite');
  await screenshot(page, 'counsellor-1-live');

  // The visitor's answer goes to the counsellor; nothing is repeated.
  await w.input.fill('想做数据分析');
  await w.input.press('Enter');
  await page.waitForFunction(() => document.querySelector('#careerbot-widget').dataset.busy === 'false' &&
    document.querySelector('#careerbot-widget').shadowRoot.querySelectorAll('.cb-from-visitor').length === 3);
  assert.deepEqual(
    (await w.botMessages.allInnerTexts()).filter((text) => text.startsWith('【咨询师王老师】')), counsellor);
  const history = await serverHistory(page, server);
  assert.deepEqual(
    history.messages.map((m) => m.text).filter((text) => text.startsWith('【咨询师王老师】')), counsellor);

  // The counsellor leaves: the goodbye arrives the same way, and the widget stops polling.
  await adminPost(server, wang, 'handoffs/1/end');
  await w.botMessages.filter({ hasText: '咨询师已结束本次交流' }).waitFor();
  await page.waitForFunction(() => document.querySelector('#careerbot-widget').dataset.live === 'false');
  await screenshot(page, 'counsellor-2-ended');
  await page.close();
});
