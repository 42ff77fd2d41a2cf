import { describe, expect, it } from 'vitest';
import { SiteSchema, type SiteInput } from '../../lib/config/schema';
import { emptySiteForm, formToSite, siteToForm, type SiteForm } from '../../lib/config/site-form';
import { TRACKER_FIELDS, switchTracker } from '../../lib/trackers/form';
import type { TrackerTarget } from '../../lib/trackers/targets';
import { TRACKER_IDS } from '../../lib/signoff/tracker';

const shop: SiteInput = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://flags.example.com/flags.json' } };
const context = { id: 'shop', otherSites: [] };
const formOf = (tracker?: TrackerTarget) => siteToForm(SiteSchema.parse({ ...shop, tracker }));

function saved(form: SiteForm) {
  const result = formToSite(form, context);
  if (!result.ok) throw new Error(`the form was refused: ${JSON.stringify(result.errors)}`);
  return result.site;
}

describe('site form: where sign-offs go', () => {
  it('starts a new site with no tracker, and saves none', () => {
    const form = emptySiteForm('shop.example.com');
    expect(form).toMatchObject({ trackerKind: 'none', trackerUrl: '', trackerToken: '' });
    expect(saved({ ...form, name: 'Shop', catalogueUrl: 'https://flags.example.com/flags.json' })).not.toHaveProperty('tracker');
  });

  it.each<[string, TrackerTarget]>([
    ['Jira Cloud', { tracker: 'jira-cloud', baseUrl: 'https://acme.atlassian.net', email: 'po@acme.example' }],
    ['Jira Data Center under a context path', { tracker: 'jira-dc', baseUrl: 'https://acme.example/jira' }],
    ['GitHub Enterprise with a default repository', { tracker: 'github', apiUrl: 'https://github.acme.example/api/v3', repo: 'acme/shop' }],
    ['GitLab without a default project', { tracker: 'gitlab', baseUrl: 'https://gitlab.com' }],
    ['GitLab with a nested project', { tracker: 'gitlab', baseUrl: 'https://gitlab.acme.example', project: 'web/shop/checkout' }],
    ['Linear', { tracker: 'linear', apiUrl: 'https://api.linear.app' }],
    ['Azure DevOps', { tracker: 'azure-devops', baseUrl: 'https://dev.azure.com', organization: 'acme', project: 'Shop' }],
  ])('%s: edited unchanged, the site keeps exactly its tracker', (_, tracker) => {
    const form = formOf(tracker);
    expect(form.trackerKind).toBe(tracker.tracker);
    expect(saved(form).tracker).toEqual(tracker);
  });

  it('trims what was typed, drops a trailing slash, and lets empty optional fields and defaults fall back', () => {
    const form: SiteForm = { ...formOf(), trackerKind: 'github', trackerUrl: '', trackerRepo: '  ' };
    expect(saved(form).tracker).toEqual({ tracker: 'github', apiUrl: 'https://api.github.com' });
    const jira: SiteForm = { ...formOf(), trackerKind: 'jira-cloud', trackerUrl: ' https://acme.atlassian.net/ ', trackerEmail: ' po@acme.example ' };
    expect(saved(jira).tracker).toEqual({ tracker: 'jira-cloud', baseUrl: 'https://acme.atlassian.net', email: 'po@acme.example' });
  });

  it('puts each schema error next to the tracker field it is about', () => {
    const errorsOf = (patch: Partial<SiteForm>) => {
      const result = formToSite({ ...formOf(), ...patch }, context);
      return result.ok ? {} : result.errors;
    };
    expect(errorsOf({ trackerKind: 'jira-cloud', trackerUrl: '', trackerEmail: '' })).toEqual({
      trackerUrl: 'must be an http:// or https:// URL, like "https://acme.atlassian.net"',
      trackerEmail: 'must be the e-mail address of the Atlassian account the API token belongs to',
    });
    expect(errorsOf({ trackerKind: 'github', trackerUrl: 'https://api.github.com?x=1', trackerRepo: 'shop' })).toEqual({
      trackerUrl: 'must not have a query (?) or fragment (#)',
      trackerRepo: 'must be owner/repo',
    });
    expect(errorsOf({ trackerKind: 'gitlab', trackerProject: 'shop' })).toEqual({ trackerProject: 'must be a project path like group/project' });
    expect(errorsOf({ trackerKind: 'azure-devops', trackerOrganization: ' ', trackerProject: '' })).toEqual({
      trackerOrganization: 'must name the organization',
      trackerProject: 'must name the project',
    });
  });

  it('only the chosen tracker\'s fields count: what was typed for another stays in the form, not in the site', () => {
    const form: SiteForm = { ...formOf(), trackerKind: 'linear', trackerUrl: 'https://api.linear.app', trackerEmail: 'not an e-mail', trackerRepo: '??' };
    expect(saved(form).tracker).toEqual({ tracker: 'linear', apiUrl: 'https://api.linear.app' });
  });

  it('offers every tracker, each with its address first and a hint for every field', () => {
    expect(Object.keys(TRACKER_FIELDS).sort()).toEqual([...TRACKER_IDS].sort());
    for (const id of TRACKER_IDS) {
      expect(TRACKER_FIELDS[id][0]?.field, id).toBe('trackerUrl');
      for (const spec of TRACKER_FIELDS[id]) expect(spec.hint, `${id} ${spec.field}`).not.toBe('');
    }
    // The hints are the schema's own descriptions where it has them.
    expect(TRACKER_FIELDS.github[0]?.hint).toBe('GitHub\'s API; https://HOST/api/v3 for GitHub Enterprise Server.');
  });

  it('switching tracker gives the new one its default address, and the old one its typed address back', () => {
    let form: SiteForm = { ...formOf(), trackerKind: 'gitlab', trackerUrl: 'https://gitlab.acme.example' };
    form = switchTracker(form, 'github');
    expect(form.trackerUrl).toBe('https://api.github.com');
    form = switchTracker(form, 'gitlab');
    expect(form.trackerUrl).toBe('https://gitlab.acme.example');
    expect(saved(form).tracker).toEqual({ tracker: 'gitlab', baseUrl: 'https://gitlab.acme.example' });
  });
});
