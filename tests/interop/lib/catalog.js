'use strict';
// The bot's text catalog (bokmål), read from the repository's JSON files, so tests can expect exactly what the bot says.
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('./host');

const folder = path.join(root, 'bot', 'Dialogue.Language', 'Catalog');

/** The catalog files may hold comments (the bot reads them with comments skipped); JSON.parse may not. */
function withoutComments(json) {
  let out = '';
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      out += json.slice(i, j + 1);
      i = j;
    } else if (c === '/' && json[i + 1] === '/') {
      while (i < json.length && json[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && json[i + 1] === '*') {
      i = json.indexOf('*/', i + 2) + 1;
    } else {
      out += c;
    }
  }
  return out;
}

const texts = {};
for (const file of fs.readdirSync(folder).filter(f => /^nb(\..+)?\.json$/.test(f)).sort()) {
  const parsed = JSON.parse(withoutComments(fs.readFileSync(path.join(folder, file), 'utf8')));
  for (const [id, entry] of Object.entries(parsed)) {
    texts[id] = typeof entry === 'string' ? entry : entry.text;
  }
}

/** Renders a catalog text with its {placeholders} filled from `args`. */
function t(id, args = {}) {
  if (!(id in texts)) throw new Error(`No catalog text '${id}'`);
  return texts[id].replace(/\{([a-zA-Z][a-zA-Z0-9_]*)\}/g, (_, name) => {
    if (!(name in args)) throw new Error(`Text '${id}' needs '${name}'`);
    return args[name];
  });
}

module.exports = { t };
