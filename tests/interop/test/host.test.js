'use strict';
// The harness itself: the built host starts on its own database and reports ready.
const test = require('node:test');
const assert = require('node:assert/strict');
const { startHost } = require('../lib/host');

test('the host starts on a throwaway database and answers its health checks', async () => {
  const host = await startHost();
  try {
    const live = await fetch(`${host.url}/health/live`);
    assert.equal(live.status, 200);
    const ready = await fetch(`${host.url}/health/ready`);
    assert.equal(ready.status, 200);
  } finally {
    await host.stop();
  }
});
