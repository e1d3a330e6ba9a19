/*
 * careerbot website chat widget. One tag embeds it:
 *
 *   <script src="https://HOST/widget/careerbot.js" defer></script>
 *
 * Options are data- attributes of that tag (docs/widget.md): data-lang ("zh" | "en"),
 * data-position ("right" | "left"), data-open ("true": open on page load).
 *
 * Plain JavaScript, no dependencies, no tracking: nothing is sent before the visitor
 * opens the chat except the request for the interface strings. Everything the server
 * says is put into the page as text (textContent), never as HTML. The interface's own
 * words come from the server (GET api/v1/strings, built from knowledge/data/texts.json);
 * this file names them by key only.
 *
 * Never lost, never twice: every message gets an id before it is sent and is kept in
 * localStorage until the server has answered it; after a network failure (or a reload)
 * the same id is sent again, and the server answers a known id with the answer it gave
 * before, without running the turn again.
 */
(function () {
  'use strict';

  if (window.careerbotWidget) return;  // the tag was included twice
  const script = document.currentScript;
  if (!script || !script.src) return;

  const base = new URL('.', script.src).href;  // ".../widget/"
  const api = base + 'api/v1/';
  const options = {
    lang: script.dataset.lang === 'en' || script.dataset.lang === 'zh' ? script.dataset.lang : pageLang(),
    position: script.dataset.position === 'left' ? 'left' : 'right',
    open: script.dataset.open === 'true',
  };
  const storagePrefix = 'careerbot:' + new URL(base).origin + ':';
  const kMaxAutoRetries = 6;
  const kRequestTimeoutMs = 30000;

  const state = {
    strings: null,
    lang: options.lang || 'zh',
    started: false,
    busy: false,             // a request of the conversation is in flight or waiting to be retried
    pending: null,           // {id, body, display}: sent, not yet answered (kept in localStorage)
    retryNow: null,          // while a retry waits: sends it at once
    choiceMode: false,       // the visitor answered with a button: focus the next buttons
    pollMs: 0,               // while a counsellor is asked for or writes: fetch updates this often (0: never)
    pollTimer: null,
    polling: false,          // a fetch of updates is in flight
  };

  // --- Storage (may be unavailable: private modes, blocked third-party storage) ---

  function storage(kind) {
    try {
      const s = window[kind];
      const probe = storagePrefix + 'probe';
      s.setItem(probe, '1');
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }
  const local = storage('localStorage');
  const session = storage('sessionStorage');
  function read(key, where) {
    try { return (where || local) ? (where || local).getItem(storagePrefix + key) : null; } catch (e) { return null; }
  }
  function write(key, value, where) {
    const s = where || local;
    if (!s) return;
    try {
      if (value === null || value === undefined) s.removeItem(storagePrefix + key);
      else s.setItem(storagePrefix + key, value);
    } catch (e) { /* full or blocked: the conversation still works for this page */ }
  }
  function readJson(key) {
    try { return JSON.parse(read(key) || 'null'); } catch (e) { return null; }
  }

  state.pending = readJson('pending');

  function pageLang() {
    const l = (document.documentElement.lang || '').toLowerCase();
    if (l.startsWith('en')) return 'en';
    if (l.startsWith('zh')) return 'zh';
    return null;
  }

  // --- Strings -----------------------------------------------------------------

  function t(key, params) {
    const table = state.strings || {};
    let text = (table[state.lang] && table[state.lang][key]) || (table.zh && table.zh[key]) || key;
    for (const name in params || {}) text = text.split('{' + name + '}').join(String(params[name]));
    return text;
  }

  // --- HTTP --------------------------------------------------------------------

  // Resolves with the parsed answer of a 2xx; rejects with {status, retryable,
  // retryAfter, code}. Network failures, timeouts, 408, 429 and 5xx are retryable.
  async function request(method, path, body, anonymous) {
    const headers = {};
    const visitor = anonymous ? null : read('visitor');
    if (visitor) headers['X-Careerbot-Visitor'] = visitor;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), kRequestTimeoutMs);
    let res;
    try {
      res = await fetch(api + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        // No cookies. The conversation is never cached; the strings may be (5 minutes).
        credentials: 'omit', cache: path === 'strings' ? 'default' : 'no-store', signal: controller.signal,
      });
    } catch (e) {
      throw { status: 0, retryable: true };
    } finally {
      clearTimeout(timer);
    }
    let json = null;
    try { json = await res.json(); } catch (e) { /* handled below */ }
    if (res.ok && json) return json;
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500 || (res.ok && !json);
    const after = parseInt(res.headers.get('Retry-After') || '', 10);
    throw {
      status: res.status, retryable, retryAfter: Number.isFinite(after) ? after : 0,
      code: json && json.error ? json.error.code : '',
    };
  }

  // Runs `attempt` until it succeeds or fails for good, waiting longer after each
  // retryable failure and showing it; the Retry button sends at once. After
  // kMaxAutoRetries it waits for the button.
  function reliably(attempt) {
    return new Promise((resolve, reject) => {
      let failures = 0;
      let timer = null;
      const run = () => {
        clearTimeout(timer);
        state.retryNow = null;
        setStatus(failures ? 'retrying' : null);
        setTyping(true);
        attempt().then((value) => {
          setTyping(false);
          setStatus(null);
          resolve(value);
        }, (err) => {
          setTyping(false);
          if (!err || !err.retryable) {
            setStatus('error');
            reject(err);
            return;
          }
          failures += 1;
          state.retryNow = run;
          if (failures > kMaxAutoRetries) {
            setStatus('failed');
            return;
          }
          const backoff = Math.min(30000, 500 * Math.pow(2, failures - 1));
          const delay = err.retryAfter ? err.retryAfter * 1000 : backoff * (0.75 + Math.random() / 2);
          setStatus(err.status === 429 ? 'rate_limited' : 'retrying');
          timer = setTimeout(run, delay);
        });
      };
      run();
    });
  }

  // --- The DOM -----------------------------------------------------------------

  function el(tag, className, attrs) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    for (const name in attrs || {}) e.setAttribute(name, attrs[name]);
    return e;
  }

  const host = el('div', '', { id: 'careerbot-widget', 'data-position': options.position });
  host.hidden = true;  // until the style sheet and the strings are in
  const root = host.attachShadow({ mode: 'open' });
  const style = el('link', '', { rel: 'stylesheet', href: base + 'careerbot.css' });
  const launcher = el('button', 'cb-launcher', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'cb-panel' });
  const launcherIcon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  launcherIcon.setAttribute('viewBox', '0 0 24 24');
  launcherIcon.setAttribute('aria-hidden', 'true');
  const iconPath = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  iconPath.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  launcherIcon.appendChild(iconPath);
  const launcherLabel = el('span', 'cb-launcher-label');
  launcher.append(launcherIcon, launcherLabel);

  const panel = el('section', 'cb-panel', { id: 'cb-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'cb-title' });
  panel.hidden = true;
  const header = el('header', 'cb-header');
  const title = el('h2', 'cb-title', { id: 'cb-title' });
  const close = el('button', 'cb-close', { type: 'button' });
  close.textContent = '\u00d7';
  header.append(title, close);

  const progress = el('div', 'cb-progress');
  progress.hidden = true;
  const progressTrack = el('div', 'cb-progress-track', { role: 'progressbar', 'aria-valuemin': '0' });
  const progressBar = el('div', 'cb-progress-bar');
  progressTrack.appendChild(progressBar);
  const progressText = el('span', 'cb-progress-text', { 'aria-hidden': 'true' });
  progress.append(progressTrack, progressText);

  const log = el('div', 'cb-log', { role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0' });
  const typing = el('div', 'cb-typing', { role: 'status' });
  typing.hidden = true;
  const typingDots = el('span', 'cb-dots', { 'aria-hidden': 'true' });
  typingDots.append(el('span'), el('span'), el('span'));
  const typingText = el('span', 'cb-sr');
  typing.append(typingDots, typingText);

  const status = el('div', 'cb-status', { role: 'alert' });
  status.hidden = true;
  const statusText = el('span', 'cb-status-text');
  const retry = el('button', 'cb-retry', { type: 'button' });
  status.append(statusText, retry);

  const form = el('form', 'cb-form');
  const inputLabel = el('label', 'cb-sr', { for: 'cb-input' });
  const input = el('input', 'cb-input', { id: 'cb-input', type: 'text', maxlength: '4096', autocomplete: 'off', enterkeyhint: 'send' });
  const send = el('button', 'cb-send', { type: 'submit' });
  form.append(inputLabel, input, send);

  panel.append(header, progress, log, typing, status, form);
  root.append(style, launcher, panel);

  function applyStrings() {
    const lang = state.lang === 'en' ? 'en' : 'zh-CN';
    host.setAttribute('lang', lang);
    panel.setAttribute('lang', lang);
    launcherLabel.textContent = t('widget.launcher');
    title.textContent = t('widget.title');
    close.setAttribute('aria-label', t('widget.close'));
    inputLabel.textContent = t('widget.input_label');
    input.placeholder = t('widget.placeholder');
    send.textContent = t('widget.send');
    retry.textContent = t('widget.retry');
    typingText.textContent = t('widget.typing');
    progressTrack.setAttribute('aria-label', t('widget.progress_label'));
    if (state.lastProgress) showProgress(state.lastProgress);
    if (state.status) setStatus(state.status);
  }

  function scrollToEnd() { log.scrollTop = log.scrollHeight; }

  function safeUrl(url) {
    try {
      const u = new URL(url, base);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  // One bubble. `from` is "visitor" or "bot"; reply is {text, link}.
  function addMessage(from, reply) {
    const item = el('div', 'cb-msg cb-from-' + from);
    const who = el('span', 'cb-sr');
    who.textContent = t(from === 'visitor' ? 'widget.you' : 'widget.bot') + ': ';
    const bubble = el('div', 'cb-bubble');
    bubble.textContent = reply.text || '';
    const href = reply.link && safeUrl(reply.link.url);
    if (href) {
      const a = el('a', 'cb-link', { href, target: '_blank', rel: 'noopener noreferrer' });
      a.textContent = reply.link.title || href;
      const note = el('span', 'cb-sr');
      note.textContent = ' ' + t('widget.new_tab');
      a.appendChild(note);
      bubble.appendChild(el('br'));
      bubble.appendChild(a);
    }
    item.append(who, bubble);
    log.appendChild(item);
    scrollToEnd();
    return item;
  }

  function clearChoices() {
    for (const group of log.querySelectorAll('.cb-choices')) group.remove();
  }

  function showChoices(choices) {
    clearChoices();
    if (!choices || !choices.length) return null;
    const group = el('div', 'cb-choices', { role: 'group', 'aria-label': t('widget.choices_label') });
    for (const choice of choices) {
      const b = el('button', 'cb-choice', { type: 'button', 'data-choice': choice.id });
      b.textContent = choice.label;
      b.disabled = state.busy;
      b.addEventListener('click', () => {
        state.choiceMode = true;
        log.focus();  // the buttons go away; keep the focus in the panel
        submit({ choice: choice.id }, choice.label);
      });
      group.appendChild(b);
    }
    log.appendChild(group);
    scrollToEnd();
    return group;
  }

  function showProgress(p) {
    state.lastProgress = p && p.total > 0 ? p : null;
    if (!state.lastProgress) {
      progress.hidden = true;
      return;
    }
    const done = Math.max(0, Math.min(p.done, p.total));
    progress.hidden = false;
    progressTrack.setAttribute('aria-valuemax', String(p.total));
    progressTrack.setAttribute('aria-valuenow', String(done));
    progressTrack.setAttribute('aria-valuetext', t('widget.progress', { done, total: p.total }));
    progressBar.style.width = (100 * done / p.total).toFixed(2) + '%';
    progressText.textContent = t('widget.progress', { done, total: p.total });
  }

  function setTyping(on) {
    typing.hidden = !on;
    if (on) scrollToEnd();
  }

  // null | "retrying" | "rate_limited" | "failed" | "error"
  function setStatus(kind) {
    state.status = kind;
    status.hidden = !kind;
    status.dataset.state = kind || '';
    if (!kind) return;
    const key = { retrying: 'widget.retrying', rate_limited: 'widget.rate_limited', failed: 'widget.failed', error: 'widget.error' }[kind];
    statusText.textContent = t(key);
    retry.hidden = kind === 'error';
  }

  function setBusy(on) {
    state.busy = on;
    host.dataset.busy = on ? 'true' : 'false';  // for the page's scripts and tests
    send.disabled = on;
    for (const b of log.querySelectorAll('.cb-choice')) b.disabled = on;
  }

  // Renders an answer ({replies, state, progress, lang, next_poll_ms}) of the bot.
  // unasked: the replies were fetched, not the answer to the visitor's message, so
  // the focus stays where the visitor has it.
  function applyAnswer(answer, unasked) {
    if (answer.lang && answer.lang !== state.lang) {
      state.lang = answer.lang;
      applyStrings();
    }
    schedulePoll(answer.next_poll_ms);
    const replies = answer.replies || [];
    if (unasked && !replies.length) return;  // nothing new: the buttons shown stay
    let choices = null;
    for (const reply of replies) {
      addMessage('bot', reply);
      if (reply.choices && reply.choices.length) choices = reply.choices;
    }
    const group = showChoices(choices);
    showProgress(answer.progress);
    if (unasked) return;
    if (state.choiceMode && group && panel.contains(root.activeElement)) group.querySelector('button').focus();
    else if (state.choiceMode && !group && root.activeElement !== input) input.focus();
  }

  // --- Live replies: what a counsellor writes, fetched while the visitor waits ---
  //
  // The server cannot write to the page unasked; while a counsellor is asked for or
  // talks with the visitor its answers carry next_poll_ms, and the widget fetches
  // GET updates that often, until an answer comes without it.

  function schedulePoll(ms) {
    clearTimeout(state.pollTimer);
    state.pollTimer = null;
    state.pollMs = ms > 0 ? ms : 0;
    host.dataset.live = state.pollMs ? 'true' : 'false';  // for the page's scripts and tests
    if (state.pollMs) state.pollTimer = setTimeout(poll, state.pollMs);
  }

  async function poll() {
    state.pollTimer = null;
    // A message in flight: its answer says when to fetch next.
    if (state.polling || state.busy) {
      schedulePoll(state.pollMs);
      return;
    }
    state.polling = true;
    try {
      applyAnswer(await request('GET', 'updates'), true);
    } catch (err) {
      // Not shown: the visitor is not waiting on this request. An unknown visitor
      // stops; otherwise the next fetch waits longer.
      if (err && err.status === 401) schedulePoll(0);
      else schedulePoll(Math.min(60000, Math.max(state.pollMs * 2, (err && err.retryAfter || 0) * 1000)));
    } finally {
      state.polling = false;
    }
  }

  // --- The conversation ----------------------------------------------------------

  function newId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return 'w' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  async function ensureVisitor() {
    if (read('visitor')) return;
    const answer = await reliably(() => request('POST', 'visitors', {}, true));
    write('visitor', answer.visitor);
  }

  // Sends the pending message until the server has answered it.
  async function deliverPending() {
    const msg = state.pending;
    setBusy(true);
    try {
      const answer = await reliably(() => request('POST', 'messages', msg.body));
      return answer;
    } catch (err) {
      // Refused for good (malformed, too large, an unknown visitor): sending it again
      // cannot help, so it is dropped and the visitor sees the error.
      if (err && err.status === 401) write('visitor', null);
      if (msg.bubble) msg.bubble.classList.add('cb-failed');
      return null;
    } finally {
      state.pending = null;
      write('pending', null);
      setBusy(false);
    }
  }

  async function submit(body, display) {
    if (state.busy || !state.started) return;
    const id = newId();
    const msg = { id, body: Object.assign({ id }, body), display };
    clearChoices();
    state.pending = msg;
    write('pending', JSON.stringify({ id, body: msg.body, display }));
    if (display) msg.bubble = addMessage('visitor', { text: display });
    const answer = await deliverPending();
    if (answer) applyAnswer(answer);
  }

  function renderHistory(history) {
    log.setAttribute('aria-busy', 'true');
    log.textContent = '';
    if (history.lang && history.lang !== state.lang) {
      state.lang = history.lang;
      applyStrings();
    }
    for (const m of history.messages || []) addMessage(m.from === 'visitor' ? 'visitor' : 'bot', m);
    const last = history.last;
    if (last) {
      let choices = null;
      for (const reply of last.replies || []) if (reply.choices && reply.choices.length) choices = reply.choices;
      showChoices(choices);
      showProgress(last.progress);
    }
    log.removeAttribute('aria-busy');
    scrollToEnd();
    schedulePoll(history.next_poll_ms);
  }

  async function start() {
    state.started = true;
    setBusy(true);
    try {
      await ensureVisitor();
      if (state.pending) await deliverPending();  // left over from before a reload
      let history;
      try {
        history = await reliably(() => request('GET', 'history'));
      } catch (err) {
        if (!err || err.status !== 401) throw err;
        // The server no longer knows this visitor (its secret changed): start anew.
        write('visitor', null);
        await ensureVisitor();
        history = await reliably(() => request('GET', 'history'));
      }
      renderHistory(history);
      setBusy(false);
      if (!(history.messages || []).length) {
        const body = { open: true };
        if (options.lang) body.lang = options.lang;
        await submit(body, null);
      }
    } catch (err) {
      setBusy(false);
      state.started = false;  // opening the panel again tries again
    }
  }

  function openPanel(focusInput) {
    panel.hidden = false;
    host.classList.add('cb-open');
    launcher.setAttribute('aria-expanded', 'true');
    write('open', '1', session);
    if (focusInput) input.focus();
    if (!state.started) start();
  }

  function closePanel() {
    panel.hidden = true;
    host.classList.remove('cb-open');
    launcher.setAttribute('aria-expanded', 'false');
    write('open', null, session);
    launcher.focus();
  }

  launcher.addEventListener('click', () => (panel.hidden ? openPanel(true) : closePanel()));
  close.addEventListener('click', closePanel);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      closePanel();
    }
  });
  retry.addEventListener('click', () => {
    if (state.retryNow) state.retryNow();
    else if (!state.started) start();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text || state.busy) return;
    input.value = '';
    state.choiceMode = false;
    submit({ text }, text);
  });

  // --- Start-up: strings and style first, then the launcher ----------------------

  const styleLoaded = new Promise((resolve) => {
    style.addEventListener('load', resolve);
    style.addEventListener('error', resolve);
  });

  // A page whose origin the server refuses sees only network errors (CORS): after a
  // few tries (about two minutes) the widget gives up and stays invisible.
  async function loadStrings() {
    for (let attempt = 0, wait = 1000; attempt < 8; attempt++, wait *= 2) {
      try {
        return await request('GET', 'strings', undefined, true);
      } catch (e) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    return null;
  }

  function mount() {
    (document.body || document.documentElement).appendChild(host);
    Promise.all([loadStrings(), styleLoaded]).then(([strings]) => {
      if (!strings) return;
      state.strings = strings;
      applyStrings();
      host.hidden = false;
      if (options.open || read('open', session)) openPanel(false);
    });
  }

  window.careerbotWidget = {
    open: () => openPanel(true),
    close: closePanel,
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
