'use strict';
// The official Direct Line client, botframework-directlinejs 0.15.8, against the host's Direct Line 3.0 endpoints:
// a full check-in as the demo person Kari (Direct Line user "dl_demo-kari", linked to her case in the Development demo
// data), once over the WebSocket stream and once by polling. The token comes from tokens/generate with the secret,
// as a website's server would get it.
const test = require('node:test');
const assert = require('node:assert/strict');
const WebSocket = require('ws');
const { XMLHttpRequest } = require('../lib/xhr');
const { startHost, eventually } = require('../lib/host');
const { t } = require('../lib/catalog');

// DirectLineJS expects a browser: WebSocket and XMLHttpRequest (RxJS ajax) as globals. The WebSocket counts its
// connections so each test can show which way the activities came.
let streamsOpened = 0;
global.WebSocket = class CountingWebSocket extends WebSocket {
  constructor(...args) {
    super(...args);
    streamsOpened++;
  }
};
global.XMLHttpRequest = XMLHttpRequest;
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

const SECRET = 'interop-directline-secret-5f2c9a';
const KARI = 'dl_demo-kari';

async function generateToken(url, userId) {
  const response = await fetch(`${url}/v3/directline/tokens/generate`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: { id: userId } }),
  });
  assert.equal(response.status, 200);
  return response.json();
}

/** Holds one conversation through DirectLineJS and keeps what arrives, in order. */
class Conversation {
  constructor(url, token, webSocket) {
    this.directLine = new DirectLine({ token, domain: `${url}/v3/directline`, webSocket, pollingInterval: 200 });
    this.activities = [];
    this.statuses = [];
    this.statusSubscription = this.directLine.connectionStatus$.subscribe(s => this.statuses.push(s));
    this.subscription = this.directLine.activity$.subscribe(a => this.activities.push(a));
  }

  botTexts() {
    return this.activities.filter(a => a.type === 'message' && a.from.role === 'bot').map(a => a.text);
  }

  /** Waits until `count` more bot messages than `before` have arrived and returns the new ones. */
  async botSays(before, count) {
    await eventually(() => this.botTexts().length >= before + count, { timeoutMs: 30_000, what: `${count} bot message(s)` });
    return this.botTexts().slice(before);
  }

  /** Sends a message as the user and returns the bot's reply messages (exactly `count` of them). */
  async say(text, count) {
    const before = this.botTexts().length;
    const id = await new Promise((resolve, reject) => {
      this.directLine.postActivity({ type: 'message', from: { id: KARI }, text, locale: 'nb-NO' })
        .subscribe({ next: resolve, error: reject });
    });
    assert.match(id, /\|\d+$/, 'postActivity resolves to the Direct Line activity id');
    const replies = await this.botSays(before, count);
    const echo = this.activities.find(a => a.id === id);
    assert.ok(echo, `the echo of "${text}" arrived with the id the post returned`);
    assert.equal(echo.text, text);
    assert.equal(echo.from.id, KARI);
    assert.ok(this.activities.indexOf(echo) < this.activities.findIndex(a => a.text === replies[0]),
      'the echo comes before the reply to it');
    return replies;
  }

  end() {
    this.subscription.unsubscribe();
    this.statusSubscription.unsubscribe();
    this.directLine.end();
  }
}

async function checkInAsKari(webSocket) {
  streamsOpened = 0;
  const host = await startHost({ env: { DirectLine__Secret: SECRET } });
  let conversation;
  try {
    const { token, conversationId } = await generateToken(host.url, KARI);
    conversation = new Conversation(host.url, token, webSocket);

    // The bot greets first: who it is, what is saved and who reads it, then one question.
    assert.deepEqual(await conversation.botSays(0, 3), [
      t('welcome.intro', { name: 'Kari' }),
      t('welcome.privacy', { veileder: 'Marte' }),
      t('welcome.ask_time'),
    ]);
    assert.equal(conversation.directLine.conversationId, conversationId);
    assert.ok(conversation.statuses.includes(ConnectionStatus.Online));

    assert.deepEqual(await conversation.say('ja', 1), [t('checkin.ask', { title: 'Lage en CV' })]);
    assert.deepEqual(await conversation.say('ja', 2), [
      t('checkin.done', { title: 'Lage en CV' }),
      t('checkin.ask', { title: 'Søke på to jobber' }),
    ]);
    assert.deepEqual(await conversation.say('ja', 2), [t('checkin.done', { title: 'Søke på to jobber' }), t('new.ask')]);

    const lines = [t('recap.line.done', { title: 'Lage en CV' }), t('recap.line.done', { title: 'Søke på to jobber' })].join('\n');
    assert.deepEqual(await conversation.say('nei', 2), [t('recap.summary', { lines }), t('recap.confirm')]);
    assert.deepEqual(await conversation.say('ja', 1), [t('recap.saved')]);

    // Every suggested action the bot offered on this channel was a button to tap.
    const offered = conversation.activities.filter(a => a.suggestedActions);
    assert.ok(offered.length >= 4, 'questions come with suggested actions');
    assert.ok(offered.every(a => a.suggestedActions.actions.every(b => b.type === 'imBack' && b.title)));
    if (webSocket) assert.ok(streamsOpened > 0, 'the activities came over the WebSocket stream');
    else assert.equal(streamsOpened, 0, 'the activities came by polling');
  } finally {
    conversation?.end();
    await host.stop();
  }
}

test('DirectLineJS over the WebSocket stream: Kari checks in, confirms the recap and it is saved', async () => {
  await checkInAsKari(true);
});

test('DirectLineJS polling (no WebSocket): Kari checks in, confirms the recap and it is saved', async () => {
  await checkInAsKari(false);
});

test('DirectLineJS refreshes its token and a token for another conversation is refused', async () => {
  const host = await startHost({ env: { DirectLine__Secret: SECRET } });
  try {
    const mine = await generateToken(host.url, 'dl_interop-refresh');
    const theirs = await generateToken(host.url, 'dl_interop-other');

    const refreshed = await fetch(`${host.url}/v3/directline/tokens/refresh`, {
      method: 'POST', headers: { Authorization: `Bearer ${mine.token}` },
    });
    assert.equal(refreshed.status, 200);
    const body = await refreshed.json();
    assert.equal(body.conversationId, mine.conversationId);
    assert.notEqual(body.token, mine.token);

    const foreign = await fetch(`${host.url}/v3/directline/conversations/${theirs.conversationId}/activities`, {
      headers: { Authorization: `Bearer ${mine.token}` },
    });
    assert.equal(foreign.status, 403);
    assert.equal((await foreign.json()).error.code, 'Forbidden');
  } finally {
    await host.stop();
  }
});
