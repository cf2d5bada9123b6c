'use strict';
// A small XMLHttpRequest for Node, on top of fetch, so that browser libraries that use XHR (botframework-directlinejs
// does, through RxJS 5's ajax) run unchanged in the interop tests. It covers what those libraries use: asynchronous
// requests, request headers, timeout, abort, responseType '' / 'text' / 'json', response headers and the
// readystatechange / load / error / timeout / abort events. It is not a complete XHR.

class XMLHttpRequest {
  static UNSENT = 0;
  static OPENED = 1;
  static HEADERS_RECEIVED = 2;
  static LOADING = 3;
  static DONE = 4;

  constructor() {
    this.readyState = XMLHttpRequest.UNSENT;
    this.status = 0;
    this.statusText = '';
    this.responseText = '';
    this.response = null;
    this.responseType = '';
    this.responseURL = '';
    this.timeout = 0;
    this.withCredentials = false;
    this.upload = {};
    this.onreadystatechange = null;
    this.onload = null;
    this.onerror = null;
    this.ontimeout = null;
    this.onabort = null;
    this._headers = {};
    this._responseHeaders = new Headers();
    this._controller = null;
    this._method = 'GET';
    this._url = '';
  }

  open(method, url, async = true) {
    if (async === false) throw new Error('This XMLHttpRequest supports asynchronous requests only.');
    this._method = String(method).toUpperCase();
    this._url = String(url);
    this._headers = {};
    this._setState(XMLHttpRequest.OPENED);
  }

  setRequestHeader(name, value) {
    this._headers[name] = String(value);
  }

  getResponseHeader(name) {
    return this._responseHeaders.get(name);
  }

  getAllResponseHeaders() {
    let all = '';
    this._responseHeaders.forEach((value, name) => { all += `${name}: ${value}\r\n`; });
    return all;
  }

  abort() {
    if (this._controller) {
      this._aborted = true;
      this._controller.abort();
    }
  }

  send(body) {
    const controller = new AbortController();
    this._controller = controller;
    let timedOut = false;
    const timer = this.timeout > 0 ? setTimeout(() => { timedOut = true; controller.abort(); }, this.timeout) : null;
    fetch(this._url, {
      method: this._method,
      headers: this._headers,
      body: body === undefined || body === null || this._method === 'GET' || this._method === 'HEAD' ? undefined : body,
      signal: controller.signal,
    })
      .then(async res => {
        this.status = res.status;
        this.statusText = res.statusText;
        this.responseURL = res.url;
        this._responseHeaders = res.headers;
        this._setState(XMLHttpRequest.HEADERS_RECEIVED);
        const text = await res.text();
        if (timer) clearTimeout(timer);
        this.responseText = text;
        if (this.responseType === 'json') {
          try {
            this.response = text ? JSON.parse(text) : null;
          } catch {
            this.response = null;
          }
        } else {
          this.response = text;
        }
        this._setState(XMLHttpRequest.DONE);
        this._fire('onload');
      })
      .catch(() => {
        if (timer) clearTimeout(timer);
        this.status = 0;
        this._setState(XMLHttpRequest.DONE);
        if (timedOut) this._fire('ontimeout');
        else if (this._aborted) this._fire('onabort');
        else this._fire('onerror');
      });
  }

  _setState(state) {
    this.readyState = state;
    this._fire('onreadystatechange');
  }

  _fire(handler) {
    const fn = this[handler];
    if (typeof fn === 'function') fn.call(this, { type: handler.slice(2), target: this });
  }
}

module.exports = { XMLHttpRequest };
