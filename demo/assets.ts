/**
 * Static scripts and the pixel. They are plain browser JS (no build step), so they stay strings
 * here; they render with textContent only, never innerHTML, because the JSON echoes header values.
 */

/** Shop script: one fetch, one XHR (same origin) and one no-cors fetch to the third-party host. */
export const APP_JS = `'use strict';
(function () {
  function show(id, label, data) {
    var el = document.getElementById(id);
    el.textContent = '';
    var line = document.createElement('p');
    var seen = data && data.flags ? data.flags['new-checkout'] : undefined;
    line.textContent = label + ' sees new-checkout=' + JSON.stringify(seen);
    var pre = document.createElement('pre');
    pre.textContent = JSON.stringify(data, null, 2);
    el.append(line, pre);
    el.dataset.loaded = 'true';
  }
  function fail(id, label, error) {
    var el = document.getElementById(id);
    el.textContent = label + ' failed: ' + error;
    el.dataset.loaded = 'error';
  }

  fetch('/api/features')
    .then(function (r) { return r.json(); })
    .then(function (data) { show('api-result', 'API', data); })
    .catch(function (e) { fail('api-result', 'API', e); });

  var xhr = new XMLHttpRequest();
  xhr.open('GET', '/api/xhr');
  xhr.onload = function () {
    try { show('xhr-result', 'XHR', JSON.parse(xhr.responseText)); }
    catch (e) { fail('xhr-result', 'XHR', e); }
  };
  xhr.onerror = function () { fail('xhr-result', 'XHR', 'network error'); };
  xhr.send();

  var cdn = document.body.dataset.cdnOrigin;
  fetch(cdn + '/collect', { mode: 'no-cors' }).catch(function () { /* a tracker beacon; nobody waits for it */ });
})();
`;

/** Third-party script: proves it ran by updating #tracker-status. */
export const TRACKER_JS = `'use strict';
(function () {
  window.demoTracker = { loadedAt: Date.now() };
  var el = document.getElementById('tracker-status');
  if (el) el.textContent = 'Tracker loaded';
})();
`;

/** A 1×1 transparent GIF, the usual tracking pixel. */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
