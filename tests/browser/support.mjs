// Shared by the widget's browser tests: the real careerbot binary on a free port
// with a temporary data directory, Debian's Chromium driven by playwright-core, and
// helpers that act on the widget as a visitor does. Every wait is for a condition
// of the page or of the server's log, never a sleep.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const binary = process.env.CAREERBOT_BINARY;
export const screenshotDir =
  process.env.CAREERBOT_SCREENSHOTS || path.join(path.dirname(new URL(import.meta.url).pathname), 'output');
mkdirSync(screenshotDir, { recursive: true });

// Every text a client reads ({key: {zh, en}}), for the widget's own words.
export const texts = JSON.parse(readFileSync(new URL('../../knowledge/data/texts.json', import.meta.url), 'utf8'));

// Test runs send a whole assessment within seconds; the default rate limit would
// (rightly) slow them down.
export const fastLimits = { widget: { rate_limit: { messages_per_minute: 60000, burst: 1000 } } };

// Starts `careerbot serve --listen 127.0.0.1:0 --data-dir TMP [--config FILE]` and
// resolves once its "listening" log line names the port.
export async function startServer(config = fastLimits) {
  if (!binary) throw new Error('CAREERBOT_BINARY must name the careerbot binary (CTest sets it)');
  const dir = mkdtempSync(path.join(tmpdir(), 'careerbot-browser-'));
  const dataDir = path.join(dir, 'data');
  const args = ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir];
  if (config) {
    writeFileSync(path.join(dir, 'careerbot.json'), JSON.stringify(config));
    args.push('--config', path.join(dir, 'careerbot.json'));
  }
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const log = [];
  const lines = createInterface({ input: child.stderr });
  const port = await new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      log.push(line);
      try {
        const entry = JSON.parse(line);
        if (entry.event === 'listening') resolve(Number(entry.address.split(':').pop()));
      } catch (e) { /* not JSON: kept in the log */ }
    });
    child.on('exit', (code) => reject(new Error(`careerbot exited (${code}) before listening:\n${log.join('\n')}`)));
    child.on('error', (err) => reject(new Error(`cannot start ${binary}: ${err.message}`)));
  });
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    dataDir,
    log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    // As root in a container, and on a machine without a network: Chromium's own
    // background connections would only fail.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export const desktop = { viewport: { width: 1280, height: 800 } };
export const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

function exact(text) {
  return new RegExp('^' + text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$');
}

// The widget's parts; CSS locators pierce its (open) shadow root.
export function widget(page) {
  return {
    host: page.locator('#careerbot-widget'),
    launcher: page.locator('.cb-launcher'),
    panel: page.locator('.cb-panel'),
    input: page.locator('.cb-input'),
    send: page.locator('.cb-send'),
    botMessages: page.locator('.cb-from-bot .cb-bubble'),
    visitorMessages: page.locator('.cb-from-visitor .cb-bubble'),
    choices: page.locator('.cb-choice'),
    choice: (label) => page.locator('.cb-choice').filter({ hasText: exact(label) }),
    progressbar: page.locator('.cb-progress-track'),
    status: page.locator('.cb-status'),
    typing: page.locator('.cb-typing'),
  };
}

// Resolves when the widget is idle with more than `before` bot messages.
export async function waitForReplies(page, before) {
  await page.waitForFunction((n) => {
    const host = document.querySelector('#careerbot-widget');
    const root = host && host.shadowRoot;
    return root && host.dataset.busy === 'false' && root.querySelectorAll('.cb-from-bot').length > n;
  }, before);
}

// Opens the chat and waits for the bot's first words (a welcome, or the history).
export async function openChat(page) {
  const w = widget(page);
  await w.launcher.click();
  await waitForReplies(page, 0);
  return w;
}

// One turn: a click on the button labelled `label`, or `text` typed and sent.
export async function click(page, label) {
  const w = widget(page);
  const before = await w.botMessages.count();
  await w.choice(label).click();
  await waitForReplies(page, before);
}

export async function type(page, text) {
  const w = widget(page);
  const before = await w.botMessages.count();
  await w.input.fill(text);
  await w.input.press('Enter');
  await waitForReplies(page, before);
}

export async function step(page, [how, what]) {
  return how === 'click' ? click(page, what) : type(page, what);
}

// From the privacy notice to the first item of the interest assessment: buttons
// wherever the bot offers them, typing where it does not (a name, an age, a city,
// an ordered pick of three). The plan is changed to the interest assessment alone.
export const intakeSteps = [
  ['click', '同意'], ['type', '小明'], ['click', '跳过'], ['type', '二十八'], ['click', '本科'],
  ['type', '计算机'], ['click', '在校学生'], ['type', '北京'], ['click', '阅读'], ['click', '跳过'],
  ['type', '5 1 3'], ['click', '求职'], ['click', '支持我的想法'], ['click', '跳过'], ['type', '上海'],
  ['click', '信息技术/互联网'], ['click', '同意协议'], ['click', '调整测评'],
  ['click', '职业兴趣量表（IIP RIASEC 48 题）'],
];

// The labels of the interest assessment's five answers, by value.
export const likert = { 1: '不喜欢', 2: '有点不喜欢', 3: '无所谓', 4: '有点喜欢', 5: '很喜欢' };

export async function progressNow(page) {
  return Number(await widget(page).progressbar.getAttribute('aria-valuenow'));
}

// The server's view of this page's visitor, read with the token the widget keeps.
export async function serverHistory(page, server) {
  const token = await page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key.endsWith(':visitor')) return localStorage.getItem(key);
    }
    return null;
  });
  const res = await fetch(`${server.origin}/widget/api/v1/history`, { headers: { 'X-Careerbot-Visitor': token } });
  if (!res.ok) throw new Error(`history: ${res.status} ${await res.text()}`);
  return res.json();
}

// A staff member added with the real command line (`careerbot staff add`) to the
// running server's data directory: {id, token} for the admin API.
export function addStaff(server, name, role = 'professional', title = 'consultant') {
  const out = execFileSync(binary, ['staff', 'add', '--name', name, '--role', role, '--title', title,
    '--education', '硕士，应用心理学', '--data-dir', server.dataDir], { encoding: 'utf8' });
  const match = /^staff_id: (\d+)\ntoken: (\S+)/.exec(out);
  if (!match) throw new Error(`staff add printed: ${out}`);
  return { id: Number(match[1]), token: match[2] };
}

// One admin API request as a staff member; resolves with the parsed answer of a 2xx.
export async function adminPost(server, staff, route, body) {
  const res = await fetch(`${server.origin}/admin/api/v1/${route}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${staff.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body || {}),
  });
  if (!res.ok) throw new Error(`POST ${route}: ${res.status} ${await res.text()}`);
  return res.json();
}
