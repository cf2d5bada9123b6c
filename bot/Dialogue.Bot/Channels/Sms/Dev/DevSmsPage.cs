namespace Dialogue.Bot.Channels.Sms.Dev;

/// <summary>The <c>/dev/sms</c> page: a phone conversation with the bot, for developers (English on purpose).</summary>
internal static class DevSmsPage
{
    /// <summary>
    /// Its one inline script is allowed by its SHA-256 hash (no 'unsafe-inline' for scripts); styles are inline (a
    /// Development-only page); it calls only this site; no framing.
    /// </summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; script-src '{ScriptHash()}'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static string ScriptHash()
    {
        var start = Html.IndexOf("<script>", StringComparison.Ordinal) + "<script>".Length;
        var end = Html.IndexOf("</script>", start, StringComparison.Ordinal);
        var script = Html[start..end];
        return "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script)));
    }

    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Try SMS without Twilio · Dialogue (Development)</title>
<style>
  :root { --ink: #1b1b1f; --muted: #5b5b66; --line: #d7d7de; --bot: #ececf1; --me: #0b6bcb; --bg: #f6f6f9; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
  header { background: #fff; border-bottom: 1px solid var(--line); padding: 14px 24px; display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
  header h1 { font-size: 20px; margin: 0; }
  .badge { background: #fff3cd; color: #664d03; border: 1px solid #ffe69c; border-radius: 999px; padding: 2px 10px; font-size: 13px; }
  main { display: flex; gap: 24px; padding: 24px; flex-wrap: wrap; align-items: flex-start; justify-content: center; }
  .panel { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 18px 20px; width: 360px; }
  .panel h2 { font-size: 16px; margin: 0 0 10px; }
  label { display: block; font-weight: 600; margin: 12px 0 4px; font-size: 14px; }
  select, input[type=text], input[type=tel] { width: 100%; padding: 8px 10px; border: 1px solid #9a9aa6; border-radius: 8px; font: inherit; }
  .panel p, .panel li { color: var(--muted); font-size: 14px; margin: 6px 0; }
  .panel ul { padding-left: 18px; margin: 6px 0; }
  code { font-size: 13px; background: #f0f0f4; padding: 1px 4px; border-radius: 4px; word-break: break-all; }
  .phone { width: 380px; height: 680px; background: #111; border-radius: 38px; padding: 14px; box-shadow: 0 10px 30px rgba(0,0,0,.18); }
  .screen { background: #fff; border-radius: 28px; height: 100%; display: flex; flex-direction: column; overflow: hidden; }
  .top { text-align: center; padding: 14px 10px 10px; border-bottom: 1px solid var(--line); }
  .top .who { font-weight: 600; }
  .top .sub { font-size: 12px; color: var(--muted); }
  #thread { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 6px; }
  .msg { max-width: 80%; padding: 8px 12px; border-radius: 18px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 15px; }
  .in { align-self: flex-end; background: var(--me); color: #fff; border-bottom-right-radius: 6px; }
  .out { align-self: flex-start; background: var(--bot); border-bottom-left-radius: 6px; }
  .meta { font-size: 11px; color: var(--muted); margin: -2px 6px 4px; }
  .meta.in { align-self: flex-end; background: none; color: var(--muted); padding: 0; }
  .meta.out { align-self: flex-start; background: none; padding: 0; }
  .empty { color: var(--muted); text-align: center; margin-top: 40%; font-size: 14px; padding: 0 20px; }
  .quick { display: flex; gap: 6px; flex-wrap: wrap; padding: 8px 10px 0; border-top: 1px solid var(--line); }
  .quick button { border: 1px solid #9a9aa6; background: #fff; border-radius: 999px; padding: 3px 10px; font: inherit; font-size: 13px; cursor: pointer; }
  form.compose { display: flex; gap: 8px; padding: 8px 10px 12px; }
  form.compose input { flex: 1; border-radius: 999px; }
  form.compose button { border: 0; background: var(--me); color: #fff; border-radius: 999px; padding: 8px 16px; font: inherit; font-weight: 600; cursor: pointer; }
  #error { color: #b42318; font-size: 13px; min-height: 1em; padding: 0 12px; }
</style>
</head>
<body>
<header>
  <h1>Try SMS without Twilio</h1>
  <span class="badge">Development only</span>
</header>
<main>
  <section class="panel" aria-labelledby="setup-title">
    <h2 id="setup-title">Whose phone is this?</h2>
    <label for="person">Demo person</label>
    <select id="person"></select>
    <label for="number">Phone number</label>
    <input id="number" type="tel" autocomplete="off" placeholder="+4799990001">
    <p>Pick a demo person, or type any number to be a stranger.</p>
    <h2 style="margin-top:18px">How it works</h2>
    <ul>
      <li>What you send goes as a <strong>signed Twilio webhook</strong> to <code id="webhook">/api/sms/twilio</code>.</li>
      <li>The bot answers through its real Twilio transport to <code id="api">the fake Twilio API</code>.</li>
      <li>Answers appear in the phone, with Twilio's delivery status.</li>
      <li>Bot number: <code id="bot">…</code></li>
    </ul>
    <p>Try <strong>HJELP</strong>, <strong>STOPP</strong> and <strong>START</strong>.</p>
    <p id="warning" hidden></p>
  </section>
  <section class="phone" aria-label="Phone">
    <div class="screen">
      <div class="top"><div class="who">NAV chatbot</div><div class="sub" id="me">Your number: …</div></div>
      <div id="thread" role="log" aria-live="polite" aria-label="Messages"></div>
      <div class="quick" aria-label="Quick messages">
        <button type="button">hei</button><button type="button">JA</button><button type="button">NEI</button>
        <button type="button">1</button><button type="button">2</button><button type="button">HJELP</button>
        <button type="button">STOPP</button><button type="button">START</button>
      </div>
      <form class="compose" id="compose">
        <label for="text" style="position:absolute;left:-9999px">Message</label>
        <input id="text" type="text" autocomplete="off" placeholder="Text message" required>
        <button type="submit">Send</button>
      </form>
      <div id="error" role="alert"></div>
    </div>
  </section>
</main>
<script>
const $ = id => document.getElementById(id);
let number = '';
let lastRendered = '';

async function init() {
  const info = await (await fetch('/dev/sms/info')).json();
  $('bot').textContent = info.botNumber || '(not set)';
  $('webhook').textContent = info.webhookUrl;
  $('api').textContent = info.messagesUrl;
  if (!info.usesFakeApi) {
    $('warning').hidden = false;
    $('warning').textContent = 'Twilio settings are configured, so the bot\'s answers go to ' + info.messagesUrl + ' and will not show here.';
  }
  for (const p of info.people) {
    const o = document.createElement('option');
    o.value = p.phone; o.textContent = p.name + ' (' + p.phone + ')';
    $('person').appendChild(o);
  }
  const other = document.createElement('option');
  other.value = ''; other.textContent = 'Someone else (type a number)';
  $('person').appendChild(other);
  const saved = new URLSearchParams(location.search).get('phone') || info.people[0]?.phone || '';
  setNumber(saved);
  $('person').value = info.people.some(p => p.phone === saved) ? saved : '';
}

function setNumber(value) {
  number = value.trim();
  $('number').value = number;
  $('me').textContent = 'Your number: ' + (number || '(none)');
  lastRendered = '';
  refresh();
}

$('person').addEventListener('change', e => { if (e.target.value) setNumber(e.target.value); else $('number').focus(); });
$('number').addEventListener('change', e => { setNumber(e.target.value); $('person').value = [...$('person').options].some(o => o.value === number) ? number : ''; });

async function send(text) {
  $('error').textContent = '';
  if (!number) { $('error').textContent = 'Choose or type a phone number first.'; return; }
  const r = await fetch('/dev/sms/send', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: number, body: text }) });
  const result = await r.json();
  if (!r.ok || result.status !== 200) $('error').textContent = result.error || ('The webhook answered ' + result.status + ': ' + result.response);
  refresh();
}

$('compose').addEventListener('submit', e => { e.preventDefault(); const t = $('text').value; if (t.trim()) { $('text').value = ''; send(t); } });
document.querySelectorAll('.quick button').forEach(b => b.addEventListener('click', () => send(b.textContent)));

async function refresh() {
  if (!number) { render([]); return; }
  const messages = await (await fetch('/dev/sms/messages?phone=' + encodeURIComponent(number))).json();
  render(messages);
}

function render(messages) {
  const key = JSON.stringify(messages);
  if (key === lastRendered) return;
  lastRendered = key;
  const thread = $('thread');
  thread.replaceChildren();
  if (messages.length === 0) {
    const empty = document.createElement('div');
    empty.className = 'empty';
    empty.textContent = 'No messages yet. Say "hei" to the bot.';
    thread.appendChild(empty);
    return;
  }
  for (const m of messages) {
    const bubble = document.createElement('div');
    bubble.className = 'msg ' + m.direction;
    bubble.textContent = m.body;
    thread.appendChild(bubble);
    const meta = document.createElement('div');
    meta.className = 'meta ' + m.direction;
    const time = new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    meta.textContent = m.direction === 'out' ? time + ' · ' + m.status + ' · ' + m.body.length + ' chars' : time;
    thread.appendChild(meta);
  }
  thread.scrollTop = thread.scrollHeight;
}

init();
setInterval(refresh, 1000);
</script>
</body>
</html>
""";
}
