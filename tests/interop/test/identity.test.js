'use strict';
// People the bot does not know, against the built host: a veileder issues a link code with the real command line
// (`Dialogue.Bot.dll link-code <personId>`, configured by environment variables as an operator would), and a web
// chat that types it is linked to that person's case; a wrong code links nothing and reveals no name.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { startHost, root } = require('../lib/host');

const hostDll = path.join(root, 'bot', 'Dialogue.Bot', 'bin', 'Release', 'net10.0', 'Dialogue.Bot.dll');
const kari = 'de300000-0000-4000-8000-004799990001'; // the demo person Kari (see DemoData)

function linkCode(host, personId) {
  const run = spawnSync('dotnet', [hostDll, 'link-code', personId], {
    cwd: host.dataDir,
    encoding: 'utf8',
    env: {
      ...process.env,
      ConnectionStrings__Dialogue: `Data Source=${path.join(host.dataDir, 'dialogue.db')}`,
      Database__Provider: 'Sqlite',
    },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function say(host, from, conversation, text) {
  const response = await fetch(`${host.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `${conversation}-${Date.now()}-${Math.random()}`,
      channelId: 'webchat',
      serviceUrl: 'http://127.0.0.1:9',
      deliveryMode: 'expectReplies',
      from: { id: from },
      recipient: { id: 'bot' },
      conversation: { id: conversation },
      text,
      locale: 'nb-NO',
    }),
  });
  assert.equal(response.status, 200);
  const body = await response.json();
  return body.activities.map(a => a.text);
}

test('a code from the link-code command links a web chat to the case, once', async () => {
  const host = await startHost();
  try {
    const issued = linkCode(host, kari);
    assert.equal(issued.status, 0, issued.stderr);
    const { personId, code, expiresAt } = JSON.parse(issued.stdout.trim());
    assert.equal(personId, kari);
    assert.match(code, /^[0-9]{6}$/);
    assert.ok(Date.parse(expiresAt) > Date.now() + 23 * 3600 * 1000);

    const wrong = String((Number(code) + 1) % 1000000).padStart(6, '0');
    const refused = await say(host, 'browser-a', 'tab-a', wrong);
    assert.ok(refused.length > 0);
    assert.ok(refused.every(t => !t.includes('Kari')), refused.join('\n'));

    const linked = await say(host, 'browser-a', 'tab-a', code);
    assert.ok(linked.some(t => t.includes('Hei Kari!')), linked.join('\n'));

    // Linked for good: a later conversation from the same account is Kari's without a code.
    const later = await say(host, 'browser-a', 'tab-b', 'hei');
    assert.ok(later.some(t => t.includes('Kari')), later.join('\n'));

    // Used once: another browser with the same code gets nothing of Kari's.
    const again = await say(host, 'browser-b', 'tab-c', code);
    assert.ok(again.every(t => !t.includes('Kari')), again.join('\n'));
  } finally {
    await host.stop();
  }
});

test('link-code refuses a person that does not exist', async () => {
  const host = await startHost();
  try {
    const run = linkCode(host, '00000000-0000-4000-8000-000000000000');
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /no person/);
  } finally {
    await host.stop();
  }
});
