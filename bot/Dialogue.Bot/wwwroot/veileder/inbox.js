// The staff workspace, live: listens to the office's server-sent events (/veileder/api/events) and, on any event,
// fetches the server-rendered fragment again (the inbox lists, or a conversation's transcript) and swaps it in.
// New acute and high escalations, and new messages from the person, are announced in the page's aria-live region.
// Every text comes from the server-rendered HTML (data attributes); without this script the page still works.
(function () {
  'use strict';

  var EVENTS = '/veileder/api/events';
  var TYPES = ['escalation.raised', 'escalation.updated', 'escalation.follow_up', 'enquiry.raised', 'enquiry.updated',
    'handoff.started', 'handoff.message', 'handoff.ended'];

  var live = document.getElementById('live');
  var target = document.getElementById('inbox-lists') || document.getElementById('transcript');
  if (!live || !target || !window.EventSource || !window.fetch) return;

  var isInbox = target.id === 'inbox-lists';
  var url = target.getAttribute('data-fragment');
  var seen = urgentIds(target);
  var personLines = target.querySelectorAll('li.from-person').length;
  var running = false;
  var again = false;

  function urgentIds(root) {
    var ids = {};
    var items = root.querySelectorAll('li[data-id]');
    for (var i = 0; i < items.length; i++) ids[items[i].getAttribute('data-id')] = items[i].getAttribute('data-level');
    return ids;
  }

  function announce(text) {
    if (!text) return;
    live.textContent = '';
    window.setTimeout(function () { live.textContent = text; }, 100);
  }

  // What the user is doing inside the fragment survives the swap: typed notes, open "Løs" panels, and focus.
  function keep() {
    var state = { values: {}, open: [], focus: null };
    var fields = target.querySelectorAll('textarea[id]');
    for (var i = 0; i < fields.length; i++) if (fields[i].value) state.values[fields[i].id] = fields[i].value;
    var details = target.querySelectorAll('details[open][id]');
    for (var j = 0; j < details.length; j++) state.open.push(details[j].id);
    var active = document.activeElement;
    if (active && target.contains(active)) {
      state.focus = active.id ? { id: active.id } : { form: active.form && active.form.getAttribute('action') };
    }
    return state;
  }

  function restore(state) {
    Object.keys(state.values).forEach(function (id) {
      var field = document.getElementById(id);
      if (field && target.contains(field)) field.value = state.values[id];
    });
    state.open.forEach(function (id) {
      var details = document.getElementById(id);
      if (details && target.contains(details)) details.open = true;
    });
    if (!state.focus) return;
    var element = null;
    if (state.focus.id) element = document.getElementById(state.focus.id);
    else if (state.focus.form) {
      var forms = target.querySelectorAll('form');
      for (var i = 0; i < forms.length && !element; i++) {
        if (forms[i].getAttribute('action') === state.focus.form) element = forms[i].querySelector('button');
      }
    }
    if (element && target.contains(element)) element.focus();
  }

  function swap(html) {
    var state = keep();
    target.innerHTML = html;
    restore(state);
    if (isInbox) {
      var now = urgentIds(target);
      var fresh = Object.keys(now).some(function (id) {
        return !(id in seen) && (now[id] === 'acute' || now[id] === 'high');
      });
      seen = now;
      if (fresh) announce(live.getAttribute('data-new-urgent'));
    } else {
      var count = target.querySelectorAll('li.from-person').length;
      if (count > personLines) announce(live.getAttribute('data-new-message'));
      personLines = count;
    }
  }

  function refresh() {
    if (running) { again = true; return; }
    running = true;
    window.fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/html' }, cache: 'no-store' })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error('HTTP ' + response.status);
        return response.text();
      })
      .then(swap)
      .catch(function () { /* The next event tries again; "Oppdater" always works. */ })
      .then(function () {
        running = false;
        if (again) { again = false; refresh(); }
      });
  }

  var source = new EventSource(EVENTS);
  TYPES.forEach(function (type) { source.addEventListener(type, refresh); });
  // After a lost connection the browser reconnects by itself; events missed meanwhile are caught up by one fetch.
  var opened = false;
  source.addEventListener('open', function () {
    if (opened) refresh();
    opened = true;
  });
})();
