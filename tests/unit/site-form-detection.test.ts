import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION, DEFAULT_ECHO_HEADER, SiteSchema, type Detection, type SiteInput } from '../../lib/config/schema';
import { emptySiteForm, formToSite, siteToForm, type SiteForm } from '../../lib/config/site-form';

const shop: SiteInput = {
  id: 'shop',
  name: 'Shop',
  hosts: ['shop.example.com'],
  catalogue: { provider: 'flags-file', url: 'https://flags.example.com/flags.json' },
};
const context = { id: 'shop', otherSites: [] };

/** The Edit form of `shop` with this detection, after `edit` changed it the way a person would. */
function editedForm(detection: Detection | undefined, edit: Partial<SiteForm> = {}): SiteForm {
  return { ...siteToForm(SiteSchema.parse({ ...shop, detection })), ...edit };
}

function saved(form: SiteForm) {
  const result = formToSite(form, context);
  if (!result.ok) throw new Error(`the form was refused: ${JSON.stringify(result.errors)}`);
  return result.site;
}

describe('site form: what the page used', () => {
  it('starts a new site with every source on and the default echo header', () => {
    const form = emptySiteForm('shop.example.com');
    expect(form).toMatchObject({ echoEnabled: true, echoName: DEFAULT_ECHO_HEADER, markers: true, sdks: true, forceInSdks: true });
    const site = saved({ ...form, name: 'Shop', catalogueUrl: 'https://flags.example.com/flags.json' });
    expect(site.detection).toEqual(DEFAULT_DETECTION);
  });

  it('shows the defaults when editing a site stored before detection existed', () => {
    expect(saved(editedForm(undefined)).detection).toEqual(DEFAULT_DETECTION);
  });

  it.each<[string, Detection]>([
    ['everything off', { echoHeader: { enabled: false, name: 'X-Flags-Used' }, markers: false, sdks: false, forceInSdks: false }],
    ['only the echo header, renamed', { echoHeader: { enabled: true, name: 'X-Flags-Used' }, markers: false, sdks: false, forceInSdks: false }],
    ['SDKs watched but not forced', { echoHeader: { enabled: false, name: DEFAULT_ECHO_HEADER }, markers: true, sdks: true, forceInSdks: false }],
    ['SDKs off, forcing kept for when they are back on', { echoHeader: { enabled: true, name: DEFAULT_ECHO_HEADER }, markers: true, sdks: false, forceInSdks: true }],
  ])('keeps %s when the site is edited and saved unchanged', (_name, detection) => {
    expect(saved(editedForm(detection)).detection).toEqual(detection);
  });

  it('saves the choices a person makes', () => {
    const form = editedForm(undefined, { markers: false, echoName: '  X-Flags-Used ' });
    expect(saved(form).detection).toEqual({ ...DEFAULT_DETECTION, markers: false, echoHeader: { enabled: true, name: 'X-Flags-Used' } });
  });

  it('keeps "apply overrides inside SDKs" as set when SDKs are switched off', () => {
    const form = editedForm(undefined, { sdks: false });
    expect(form.forceInSdks).toBe(true);
    expect(saved(form).detection).toMatchObject({ sdks: false, forceInSdks: true });
    expect(saved({ ...form, sdks: true }).detection).toMatchObject({ sdks: true, forceInSdks: true });
  });

  it.each(['X Flags Used', 'X-Flags:Used', ''])('puts an unusable echo header name (%j) next to the echo header field only', (echoName) => {
    expect(formToSite(editedForm(undefined, { echoName }), context)).toEqual({
      ok: false,
      errors: { echoName: 'must be a valid HTTP header name' },
    });
  });

  it('keeps the echo header name of a switched-off echo header', () => {
    const form = editedForm(undefined, { echoEnabled: false, echoName: 'X-Flags-Used' });
    expect(saved(form).detection.echoHeader).toEqual({ enabled: false, name: 'X-Flags-Used' });
  });
});

describe('site form: ticket pattern', () => {
  it('keeps a site\'s ticket pattern through edit and save, and reports a bad one on its field', () => {
    const site = SiteSchema.parse({ id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' }, ticketPattern: 'SHOP-\\d+' });
    const saved = formToSite(siteToForm(site), { id: 'shop', otherSites: [] });
    expect(saved.ok && saved.site.ticketPattern).toBe('SHOP-\\d+');
    const bad = formToSite({ ...siteToForm(site), ticketPattern: '(' }, { id: 'shop', otherSites: [] });
    expect(bad.ok ? undefined : bad.errors.ticketPattern).toMatch(/regular expression/);
    const cleared = formToSite({ ...siteToForm(site), ticketPattern: ' ' }, { id: 'shop', otherSites: [] });
    expect(cleared.ok && cleared.site.ticketPattern).toBeUndefined();
  });
});

describe('site form: evidence URL', () => {
  it('leaves the query and fragment out by default, and keeps the choice to keep them through edit and save', () => {
    expect(emptySiteForm().evidenceFullUrl).toBe(false);
    const plain = SiteSchema.parse(shop);
    const saved = formToSite(siteToForm(plain), context);
    expect(saved.ok && 'evidenceFullUrl' in saved.site).toBe(false);
    const kept = formToSite({ ...siteToForm(plain), evidenceFullUrl: true }, context);
    expect(kept.ok && kept.site.evidenceFullUrl).toBe(true);
    expect(kept.ok && siteToForm(kept.site).evidenceFullUrl).toBe(true);
  });
});

describe('site form: tracker', () => {
  it('keeps a site\'s sign-off tracker through edit and save', () => {
    const site = SiteSchema.parse({
      id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' },
      tracker: { tracker: 'jira-cloud', baseUrl: 'https://acme.atlassian.net/', email: 'po@example.com' },
    });
    const saved = formToSite(siteToForm(site), { id: 'shop', otherSites: [] });
    expect(saved.ok && saved.site.tracker).toEqual({ tracker: 'jira-cloud', baseUrl: 'https://acme.atlassian.net', email: 'po@example.com' });
  });
});
