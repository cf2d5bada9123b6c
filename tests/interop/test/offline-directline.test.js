'use strict';
// The Bot Framework Connector protocol end to end with outside code on both sides of the bot: the offline-directline
// emulator (a Direct Line service that calls the bot's /api/messages and takes the bot's Connector replies at its
// serviceUrl) and the official botframework-directlinejs client talking to it. The host runs with an empty app id,
// so /api/messages takes loopback requests without a token and replies go out without one.
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const express = require('express');
const WebSocket = require('ws');
const { getRouter } = require('offline-directline');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');
const { startHost, freePort, eventually } = require('../lib/host');

// directlinejs does its HTTP through rxjs 5 ajax, which needs XMLHttpRequest (Node has none). It takes its services
// from the options, so we give it an ajax built on fetch, returning the same rxjs Observable type it uses itself.
const { Observable } = require(require.resolve('rxjs/Observable', { paths: [require.resolve('botframework-directlinejs')] }));

function fetchAjax(request) {
  return Observable.create(subscriber => {
    const controller = new AbortController();
    const timer = request.timeout ? setTimeout(() => controller.abort(), request.timeout) : null;
    let done = false;
    const body = request.body === undefined || typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    fetch(request.url, { method: request.method || 'GET', headers: request.headers || {}, body, signal: controller.signal })
      .then(async response => {
        const text = await response.text();
        let parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
        const result = { status: response.status, response: parsed, responseText: text, request,
          xhr: { getResponseHeader: name => response.headers.get(name) } };
        done = true;
        if (response.ok) {
          subscriber.next(result);
          subscriber.complete();
        } else {
          subscriber.error(Object.assign(new Error(`${request.method} ${request.url}: HTTP ${response.status}`), result));
        }
      }, error => {
        done = true;
        subscriber.error(Object.assign(error, { status: 0 }));
      })
      .finally(() => timer && clearTimeout(timer));
    return () => { if (!done) controller.abort(); };
  });
}

/** offline-directline's router in our own server (its initializeRoutes can neither be closed nor told the host). */
async function startOfflineDirectLine(botUrl) {
  const port = await freePort();
  const serviceUrl = `http://127.0.0.1:${port}`;
  const app = express();
  app.use(getRouter(serviceUrl, botUrl));
  const server = http.createServer(app);
  await new Promise(resolve => server.listen(port, '127.0.0.1', resolve));
  return {
    serviceUrl,
    domain: `${serviceUrl}/directline`,
    close: () => new Promise(resolve => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

// Norwegian, and a sentence: a few common bokmål words or letters, whatever the exact wording of the texts.
const norwegian = /[æøå]|\b(du|jeg|vi|hei|og|er|ikke|kan|har|med|deg|det|på|til|for|en|et)\b/i;

test('a Direct Line client holds a conversation with the bot through offline-directline', async t => {
  const host = await startHost();
  t.after(() => host.stop());
  const directLineService = await startOfflineDirectLine(`${host.url}/api/messages`);
  t.after(() => directLineService.close());

  const userId = `dl-user-${Date.now()}`;
  const directLine = new DirectLine({
    secret: 'offline', // offline-directline ignores it; with a secret directlinejs does not try to refresh a token
    domain: directLineService.domain,
    webSocket: false,
    pollingInterval: 200,
    ajax: fetchAjax,
    WebSocket,
  });
  t.after(() => directLine.end());

  const activities = [];
  const subscription = directLine.activity$.subscribe(a => activities.push(a));
  t.after(() => subscription.unsubscribe());
  await eventually(() => directLine.connectionStatus$.getValue() === ConnectionStatus.Online, { what: 'the Direct Line connection' });

  const post = activity => new Promise((resolve, reject) => {
    directLine.postActivity(activity).subscribe(resolve, reject);
  });
  const repliesTo = id => activities.filter(a => a.type === 'message' && a.from?.id !== userId && a.replyToId === id);

  for (const text of ['Hei', 'Jeg vet ikke helt']) {
    const id = await post({ type: 'message', from: { id: userId, name: 'Testperson' }, text, locale: 'nb-NO' });
    assert.ok(id, 'the post gets an activity id');
    const replies = await eventually(() => repliesTo(id).length > 0 && repliesTo(id), {
      timeoutMs: 20_000, what: `the bot's reply to "${text}"\n${host.output.join('')}`,
    });
    for (const reply of replies) {
      assert.equal(reply.conversation?.id ?? directLine.conversationId, directLine.conversationId);
    }
    assert.ok(replies.some(r => typeof r.text === 'string' && r.text.trim().length > 0 && norwegian.test(r.text)),
      `a non-empty Norwegian reply to "${text}", got ${JSON.stringify(replies.map(r => r.text))}`);
  }

  // Our own messages came back through the emulator too, as Direct Line clients expect.
  assert.ok(activities.some(a => a.from?.id === userId && a.text === 'Hei'));
});

test('with an app id, the bot refuses offline-directline, which sends no channel token', async t => {
  const host = await startHost({
    env: {
      MicrosoftAppId: '4a1b2c3d-0000-4000-8000-00000000b07f',
      MicrosoftAppPassword: 'not-used',
      // Nothing may leave the machine: point the key and token endpoints at a closed local port.
      BotFramework__OpenIdMetadataUrl: 'http://127.0.0.1:9/openid',
      BotFramework__TokenEndpoint: 'http://127.0.0.1:9/token',
    },
  });
  t.after(() => host.stop());
  const directLineService = await startOfflineDirectLine(`${host.url}/api/messages`);
  t.after(() => directLineService.close());

  const started = await fetch(`${directLineService.domain}/conversations`, { method: 'POST' });
  assert.equal(started.status, 401, 'offline-directline passes on the bot\'s 401');

  const direct = await fetch(`${host.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', id: 'x', channelId: 'emulator', serviceUrl: directLineService.serviceUrl,
      from: { id: 'u' }, conversation: { id: 'c' }, text: 'hei' }),
  });
  assert.equal(direct.status, 401);
  assert.equal(direct.headers.get('www-authenticate'), 'Bearer');
  const body = await direct.json();
  assert.equal(body.error.code, 'Unauthorized');
  assert.ok(body.error.message.length > 0);
});
