'use strict';
// The SMS channel against Twilio's official Node.js library: webhooks signed by `twilio` are accepted, anything
// tampered with is refused, and the bot's answer reaches a stand-in for Twilio's REST API with Basic auth.
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const twilio = require('twilio');
const { startHost, freePort, eventually } = require('../lib/host');

const accountSid = 'AC' + '0123456789abcdef'.repeat(2);
const authToken = 'interop-auth-token-0042';
const botNumber = '+4722334455';
const publicBaseUrl = 'https://sms.dialogue.example';
const emptyTwiml = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** A tiny stand-in for api.twilio.com that records what the bot posts to the Messages resource. */
async function startFakeTwilioApi() {
  const calls = [];
  let next = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => { body += chunk; });
    req.on('end', () => {
      const sid = 'SMinterop' + String(++next).padStart(25, '0');
      calls.push({ sid, method: req.method, path: req.url, authorization: req.headers.authorization, form: Object.fromEntries(new URLSearchParams(body)) });
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ sid, status: 'queued' }));
    });
  });
  const port = await freePort();
  await new Promise(resolve => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise(resolve => server.close(resolve)) };
}

function inboundParams(body, sid) {
  return {
    AccountSid: accountSid, ApiVersion: '2010-04-01', Body: body, From: '+4799990001', FromCountry: 'NO',
    MessageSid: sid, NumMedia: '0', NumSegments: '1', SmsMessageSid: sid, SmsSid: sid, SmsStatus: 'received', To: botNumber,
  };
}

async function post(host, path, params, signature) {
  return fetch(host.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}

test('Twilio-signed SMS webhooks are accepted, tampered ones refused, and the answer is sent through the REST API', async t => {
  const api = await startFakeTwilioApi();
  const host = await startHost({
    env: {
      Twilio__AccountSid: accountSid,
      Twilio__AuthToken: authToken,
      Twilio__FromNumber: botNumber,
      Twilio__PublicBaseUrl: publicBaseUrl,
      Twilio__ApiBaseUrl: api.url,
    },
  });
  t.after(async () => { await host.stop(); await api.close(); });
  const webhookUrl = publicBaseUrl + '/api/sms/twilio';

  await t.test('a webhook signed by the twilio library gets 200 and empty TwiML', async () => {
    const params = inboundParams('hei', 'SM' + 'a'.repeat(32));
    const signature = twilio.getExpectedTwilioSignature(authToken, webhookUrl, params);
    assert.ok(twilio.validateRequest(authToken, signature, webhookUrl, params));

    const response = await post(host, '/api/sms/twilio', params, signature);

    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/xml/);
    assert.equal(await response.text(), emptyTwiml);
  });

  await t.test('a changed body, another URL or another token is refused with 403', async () => {
    const params = inboundParams('hei igjen', 'SM' + 'b'.repeat(32));
    const good = twilio.getExpectedTwilioSignature(authToken, webhookUrl, params);

    const changedBody = await post(host, '/api/sms/twilio', { ...params, Body: 'STOPP' }, good);
    const otherUrl = await post(host, '/api/sms/twilio', params,
      twilio.getExpectedTwilioSignature(authToken, 'https://evil.example/api/sms/twilio', params));
    const wrongToken = await post(host, '/api/sms/twilio', params,
      twilio.getExpectedTwilioSignature('not-the-token', webhookUrl, params));
    const unsigned = await post(host, '/api/sms/twilio', params, '');

    assert.deepEqual([changedBody.status, otherUrl.status, wrongToken.status, unsigned.status], [403, 403, 403, 403]);
  });

  await t.test('the bot answers through the Messages resource with Basic auth, sender and status callback', async () => {
    const call = await eventually(() => api.calls.find(c => c.form.To === '+4799990001'), { what: 'the REST call to Twilio', timeoutMs: 30_000 });

    assert.equal(call.method, 'POST');
    assert.equal(call.path, `/2010-04-01/Accounts/${accountSid}/Messages.json`);
    assert.equal(call.authorization, 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64'));
    assert.equal(call.form.From, botNumber);
    assert.equal(call.form.StatusCallback, publicBaseUrl + '/api/sms/twilio/status');
    assert.match(call.form.Body, /^Hei Kari!/);
  });

  await t.test('the refused webhooks were never stored: nothing answered them', async () => {
    // Turns run in the order they were stored, so once HJELP is answered anything stored before it was answered too.
    const params = inboundParams('HJELP', 'SM' + 'c'.repeat(32));
    const response = await post(host, '/api/sms/twilio', params, twilio.getExpectedTwilioSignature(authToken, webhookUrl, params));
    assert.equal(response.status, 200);

    await eventually(() => api.calls.find(c => c.form.Body.startsWith('Dette er NAV sin chatbot.')), { what: 'the answer to HJELP', timeoutMs: 30_000 });
    assert.equal(api.calls.length, 2);
  });

  await t.test('a delivery receipt signed by the twilio library is accepted; a forged one is not', async () => {
    const sid = api.calls[0].sid;
    const statusUrl = publicBaseUrl + '/api/sms/twilio/status';
    const params = { AccountSid: accountSid, ApiVersion: '2010-04-01', From: botNumber, MessageSid: sid, MessageStatus: 'delivered', SmsSid: sid, SmsStatus: 'delivered', To: '+4799990001' };

    const accepted = await post(host, '/api/sms/twilio/status', params, twilio.getExpectedTwilioSignature(authToken, statusUrl, params));
    const forged = await post(host, '/api/sms/twilio/status', { ...params, MessageStatus: 'failed' },
      twilio.getExpectedTwilioSignature(authToken, statusUrl, params));

    assert.equal(accepted.status, 200);
    assert.equal(forged.status, 403);
  });
});
