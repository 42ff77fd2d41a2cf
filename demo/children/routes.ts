import { HTML, JS, type DemoRoutes } from '../routes';
import { html } from '../html';

/** How many sub-requests the child page makes (scripts and images); tests expect them all. */
export const CHILD_SUBRESOURCES = 4;

/**
 * Every way a page opens a new tab onto the site, for the child-tab tests and demos:
 * `/children` (the opener) links to `/children/child?n=…`, which loads a script and images, so
 * the recorded requests show whether the child's document and sub-requests carried overrides.
 * The `n` a test puts on the links names each child.
 */
export const CHILDREN_ROUTES: DemoRoutes = {
  '/children': () => ({ status: 200, type: HTML, body: openerPage() }),
  '/children/child': ({ query }) => ({ status: 200, type: HTML, body: childPage(query.get('n') ?? '') }),
  '/children/child.js': () => ({ status: 200, type: JS, body: 'document.documentElement.dataset.script = "ran";' }),
  '/children/pixel.gif': () => ({ status: 200, type: 'image/gif', body: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64') }),
};

function openerPage(): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Open a child tab</title></head>
<body>
<h1>Open a child tab</h1>
<p><a id="blank-link" href="/children/child?way=blank" target="_blank">target=_blank link</a></p>
<p><a id="plain-link" href="/children/child?way=plain">plain link (middle or Ctrl click it)</a></p>
<p><button id="open-window" type="button" data-url="/children/child?way=window">window.open</button></p>
<form id="get-form" action="/children/child" method="get" target="_blank">
  <input type="hidden" name="way" value="form-get"><input type="hidden" name="n" value="">
  <button id="get-submit">GET form to a new tab</button>
</form>
<form id="post-form" action="/children/child?way=form-post" method="post" target="_blank">
  <input type="hidden" name="n" value=""><button id="post-submit">POST form to a new tab</button>
</form>
<script>
  document.getElementById('open-window').addEventListener('click', (e) => {
    window.__child = window.open(e.currentTarget.dataset.url);
  });
</script>
</body></html>`.toString();
}

function childPage(n: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Child ${n}</title>
<script src="/children/child.js?n=${n}"></script></head>
<body><h1 id="child">Child ${n}</h1>
<img alt="" src="/children/pixel.gif?n=${n}&amp;i=1"><img alt="" src="/children/pixel.gif?n=${n}&amp;i=2"><img alt="" src="/children/pixel.gif?n=${n}&amp;i=3">
</body></html>`.toString();
}
