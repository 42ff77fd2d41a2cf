/**
 * A tiny escaping template: every interpolated value is HTML-escaped unless it is already
 * `SafeHtml` (the result of another `html` call). Flag values come from request headers, so
 * nothing reaches a page unescaped.
 *
 * @example html`<p>${'<b>'}</p>`.toString() === '<p>&lt;b&gt;</p>'
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined) return '';
  return escapeHtml(String(value));
}

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2937; background: #f9fafb; }
  header { padding: 12px 24px; color: #fff; background: var(--accent); }
  header h1 { margin: 0; font-size: 22px; }
  main { max-width: 880px; margin: 0 auto; padding: 16px 24px; }
  section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
  h2 { font-size: 17px; margin: 0 0 8px; }
  #hero { color: #fff; font-size: 24px; font-weight: 600; padding: 24px; border-radius: 8px; }
  .products { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; padding: 0; list-style: none; }
  .products li { border: 1px solid #e5e7eb; border-radius: 6px; padding: 8px; }
  .flags { font-family: ui-monospace, monospace; font-size: 13px; margin: 0; padding-left: 18px; }
  .override { color: #b45309; font-weight: 600; }
  .errors { color: #b91c1c; }
  pre { background: #f3f4f6; padding: 8px; overflow: auto; font-size: 12px; }
  iframe { width: 100%; height: 230px; border: 1px dashed #9ca3af; border-radius: 6px; }
  a { color: var(--accent); }
`;

/** The page shell every shop page shares; `accent` is a vetted colour (see shopView). */
export function page(options: { title: string; accent: string; body: SafeHtml; bodyAttrs?: SafeHtml }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${options.title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body style="--accent: ${options.accent}"${options.bodyAttrs ?? ''}>
${options.body}
</body>
</html>
`.toString();
}
