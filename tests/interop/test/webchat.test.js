'use strict';
// The web chat page at / in a real browser (Debian's Chromium driven by playwright-core): Web Chat 4.18.1 served by
// the host starts, the bot greets, the person answers once by tapping a suggested action and once by typing, and the
// page fits a phone. Screenshots go to tests/interop/artifacts/ for a person to look at.
// The page's user is a fresh, unlinked account, so the test relies only on what holds for any greeting.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startHost } = require('../lib/host');
const { t } = require('../lib/catalog');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const BOT_BUBBLE = '.webchat__bubble:not(.webchat__bubble--from-user)';
const USER_BUBBLE = '.webchat__bubble--from-user';
const SUGGESTED_ACTION = 'button.webchat__suggested-action';
const SEND_BOX = '[data-id="webchat-sendbox-input"]';

function launch() {
  assert.ok(fs.existsSync(CHROMIUM),
    `Chromium is missing at ${CHROMIUM}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Opens the page and collects every script error and failed request, so a broken page cannot pass. */
async function openPage(browser, url, viewport) {
  const context = await browser.newContext({ viewport, locale: 'nb-NO' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('console', m => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', r => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', r => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(`${url}/`);
  return { page, problems };
}

/** Waits until Web Chat has connected and scrolled the transcript to the newest message, so a screenshot shows it. */
async function settle(page) {
  await page.waitForFunction(() => {
    const scrollable = document.querySelector('.webchat__basic-transcript__scrollable');
    const connecting = document.querySelector('.webchat__connectivityStatus');
    return scrollable && !connecting && scrollable.scrollTop + scrollable.clientHeight >= scrollable.scrollHeight - 2;
  }, null, { timeout: 10_000 });
}

async function botBubbles(page) {
  return page.locator(BOT_BUBBLE).count();
}

async function waitForMoreBotBubbles(page, than) {
  await page.waitForFunction(
    ([selector, count]) => document.querySelectorAll(selector).length > count, [BOT_BUBBLE, than], { timeout: 30_000 });
}

test('the chat page starts Web Chat; the person taps a suggested answer and types one', async () => {
  const browser = await launch();
  const host = await startHost();
  try {
    const { page, problems } = await openPage(browser, host.url, { width: 390, height: 844 });

    assert.equal(await page.getAttribute('html', 'lang'), 'nb');
    assert.equal(await page.title(), t('webchat.page.title'));
    assert.equal(await page.locator('h1').innerText(), t('webchat.page.heading'));
    assert.equal(await page.locator('header p').innerText(), t('webchat.page.intro'));

    // The bot greets first.
    await page.waitForSelector(BOT_BUBBLE, { timeout: 30_000 });
    assert.ok(await page.locator('#chat-status').isHidden(), 'the "starting" notice is gone once the chat is online');
    assert.ok(await page.locator('#chat-error').isHidden());

    // A question with suggested actions: the greeting may ask one at once, or after a first typed answer.
    let typedFirst = false;
    if (!(await page.waitForSelector(SUGGESTED_ACTION, { timeout: 5_000 }).catch(() => null))) {
      typedFirst = true;
      const before = await botBubbles(page);
      await page.fill(SEND_BOX, 'Kari');
      await page.press(SEND_BOX, 'Enter');
      await waitForMoreBotBubbles(page, before);
      await page.waitForSelector(SUGGESTED_ACTION, { timeout: 30_000 });
    }

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await settle(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-suggested-actions.png') });

    // Tap the first suggested action: it is sent as the person's message and the bot answers.
    const action = page.locator(SUGGESTED_ACTION).first();
    const label = (await action.innerText()).trim();
    assert.ok(label.length > 0);
    const actionSize = await action.boundingBox();
    assert.ok(actionSize.height >= 44, `a suggested action is at least 44 px tall (touch target), not ${actionSize.height}`);
    let before = await botBubbles(page);
    await action.click();
    await page.locator(USER_BUBBLE, { hasText: label }).first().waitFor({ timeout: 30_000 });
    await waitForMoreBotBubbles(page, before);

    // Type an answer.
    before = await botBubbles(page);
    await page.fill(SEND_BOX, 'hjelp');
    await page.press(SEND_BOX, 'Enter');
    await page.locator(USER_BUBBLE, { hasText: 'hjelp' }).first().waitFor({ timeout: 30_000 });
    await waitForMoreBotBubbles(page, before);

    // Readable on a phone: large text, and nothing wider than the screen.
    const layout = await page.evaluate(selector => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      bubbleFontPx: parseFloat(getComputedStyle(document.querySelector(selector)).fontSize),
    }), `${BOT_BUBBLE} p, ${BOT_BUBBLE}`);
    assert.ok(layout.scrollWidth <= layout.innerWidth, `no sideways scrolling (${layout.scrollWidth} > ${layout.innerWidth})`);
    assert.ok(layout.bubbleFontPx >= 18, `bot messages are at least 18 px, not ${layout.bubbleFontPx}`);
    assert.ok((await page.locator(USER_BUBBLE).count()) >= (typedFirst ? 3 : 2));

    await settle(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat.png') });
    assert.deepEqual(problems, []);

    // The same page on an office PC screen, for the record.
    const desktop = await openPage(browser, host.url, { width: 1280, height: 800 });
    await desktop.page.waitForSelector(BOT_BUBBLE, { timeout: 30_000 });
    await settle(desktop.page);
    await desktop.page.screenshot({ path: path.join(ARTIFACTS, 'webchat-desktop.png') });
    assert.deepEqual(desktop.problems, []);
  } finally {
    await browser.close();
    await host.stop();
  }
});

test('when the chat cannot start, the page says so in bokmål', async () => {
  const browser = await launch();
  const host = await startHost({ env: { DirectLine__PageTokensPerMinute: '1' } });
  try {
    const first = await openPage(browser, host.url, { width: 390, height: 844 });
    await first.page.waitForSelector(BOT_BUBBLE, { timeout: 30_000 });

    // A second visit from the same address within the minute gets no token.
    const second = await openPage(browser, host.url, { width: 390, height: 844 });
    await second.page.locator('#chat-error').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal((await second.page.locator('#chat-error p').innerText()).trim(), t('webchat.page.error'));
    assert.equal((await second.page.locator('#chat-retry').innerText()).trim(), t('webchat.page.retry'));
  } finally {
    await browser.close();
    await host.stop();
  }
});
