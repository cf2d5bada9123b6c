'use strict';
// The Web Chat bundle the app serves is exactly the pinned npm package's dist/webchat.js, not an edited copy.
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('../lib/host');

const sha256 = file => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('the committed Web Chat bundle is the pinned botframework-webchat release, byte for byte', () => {
  const packageDir = path.join(__dirname, '..', 'node_modules', 'botframework-webchat');
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const pinned = require('../package.json').dependencies['botframework-webchat'];
  assert.equal(pkg.version, pinned);
  const fromNpm = path.join(packageDir, 'dist', 'webchat.js');
  const committed = path.join(root, 'bot', 'Dialogue.Bot', 'wwwroot', 'lib', 'botframework-webchat', pkg.version, 'webchat.js');
  assert.ok(fs.existsSync(committed), `${committed} is missing: copy ${fromNpm} there when upgrading Web Chat.`);
  assert.equal(sha256(committed), sha256(fromNpm));
});
