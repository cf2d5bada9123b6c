'use strict';
// Starts the Dialogue host (the Release build that ./test.sh has just made) on a free loopback port with its own
// throwaway SQLite database, waits until /health/ready answers, and stops it again. Each test file starts the host
// with the settings it needs (environment variables, as an operator would set them).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', '..');
const hostDll = path.join(root, 'bot', 'Dialogue.Bot', 'bin', 'Release', 'net10.0', 'Dialogue.Bot.dll');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(url, child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The host exited with code ${child.exitCode} before it was ready:\n${output.join('')}`);
    }
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`The host did not become ready within ${timeoutMs} ms:\n${output.join('')}`);
}

/**
 * Starts the host. `env` adds or overrides configuration (use `__` for sections, e.g. `Twilio__AuthToken`).
 * Returns { url, port, dataDir, output, stop() }.
 */
async function startHost({ env = {}, environment = 'Development', port } = {}) {
  if (!fs.existsSync(hostDll)) {
    throw new Error(`${hostDll} is missing: build first (./test.sh does: dotnet test -c Release).`);
  }
  port = port ?? await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialogue-interop-'));
  const url = `http://127.0.0.1:${port}`;
  const output = [];
  const child = spawn('dotnet', [hostDll, '--urls', url], {
    cwd: dataDir,
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: environment,
      DOTNET_ENVIRONMENT: environment,
      ConnectionStrings__Dialogue: `Data Source=${path.join(dataDir, 'dialogue.db')}`,
      Database__Provider: 'Sqlite',
      Logging__Console__FormatterName: 'simple',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', d => output.push(d.toString()));
  child.stderr.on('data', d => output.push(d.toString()));
  await waitUntilReady(url, child, output, 60_000);

  return {
    url,
    port,
    dataDir,
    output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a truthy value or the time runs out. */
async function eventually(check, { timeoutMs = 15_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise(r => setTimeout(r, intervalMs));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

module.exports = { startHost, freePort, eventually, root };
