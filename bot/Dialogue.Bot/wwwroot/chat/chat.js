// The web chat page: gets a Direct Line token for a new conversation from this site, then starts Web Chat
// (served by this site too) in bokmål with large, high-contrast text. Every text the page shows comes from the
// server-rendered HTML; nothing here is shown to the person.
(function () {
  'use strict';

  var root = document.getElementById('webchat');
  var status = document.getElementById('chat-status');
  var failure = document.getElementById('chat-error');
  var failed = false;

  // Direct Line connection states (botframework-directlinejs ConnectionStatus).
  var ONLINE = 2;
  var FAILED_TO_CONNECT = 4;
  var ENDED = 5;

  function fail() {
    if (failed) return;
    failed = true;
    status.hidden = true;
    root.hidden = true;
    failure.hidden = false;
  }

  document.getElementById('chat-retry').addEventListener('click', function () {
    window.location.reload();
  });

  if (!window.WebChat || !window.fetch) {
    fail();
    return;
  }

  status.hidden = false;

  var styleOptions = {
    accent: '#0067C5',
    backgroundColor: '#FFFFFF',
    primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    fontSizeSmall: '80%',
    subtle: '#595959',
    timestampColor: '#595959',

    bubbleBackground: '#F1F1F1',
    bubbleBorderColor: '#6A6A6A',
    bubbleBorderRadius: 12,
    bubbleBorderWidth: 1,
    bubbleTextColor: '#1A1A1A',
    bubbleFromUserBackground: '#0067C5',
    bubbleFromUserBorderColor: '#0067C5',
    bubbleFromUserBorderRadius: 12,
    bubbleFromUserTextColor: '#FFFFFF',
    bubbleMinHeight: 48,
    bubbleMaxWidth: 720,
    bubbleFromUserMaxWidth: 720,

    suggestedActionLayout: 'flow',
    suggestedActionHeight: 48,
    suggestedActionBackgroundColor: '#FFFFFF',
    suggestedActionBorderColor: '#0067C5',
    suggestedActionBorderRadius: 8,
    suggestedActionBorderWidth: 2,
    suggestedActionTextColor: '#0067C5',

    sendBoxHeight: 56,
    sendBoxTextWrap: true,
    sendBoxTextColor: '#1A1A1A',
    sendBoxPlaceholderColor: '#595959',
    sendBoxBorderTop: 'solid 2px #6A6A6A',
    sendBoxButtonColor: '#0067C5',
    hideUploadButton: true,

    avatarSize: 0,
    botAvatarInitials: '',
    userAvatarInitials: ''
  };

  fetch(root.getAttribute('data-token-url'), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json' }
  })
    .then(function (response) {
      if (!response.ok) throw new Error('token: ' + response.status);
      return response.json();
    })
    .then(function (answer) {
      var domain = new URL(root.getAttribute('data-directline'), document.baseURI).href.replace(/\/$/, '');
      var directLine = window.WebChat.createDirectLine({ token: answer.token, domain: domain });
      directLine.connectionStatus$.subscribe({
        next: function (connection) {
          if (connection === ONLINE) status.hidden = true;
          if (connection === FAILED_TO_CONNECT || connection === ENDED) fail();
        }
      });
      window.WebChat.renderWebChat(
        { directLine: directLine, locale: root.getAttribute('data-locale'), styleOptions: styleOptions },
        root
      );
    })
    .catch(fail);
})();
