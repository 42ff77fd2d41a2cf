import { describe, expect, it } from 'vitest';
import { collectEvidence } from '../../lib/detect/evidence';
import { commentParts } from '../../lib/signoff/format';
import { EvidenceSchema } from '../../lib/signoff/schema';
import { adfText, signOffAdf } from '../../lib/trackers/jira-cloud/adf';
import { markdownComment } from '../../lib/trackers/markdown';
import { signOffWiki } from '../../lib/trackers/jira-dc/wiki';
import { adfErrors } from '../../demo/jira/adf-schema';
import { sampleSignOff } from '../support/sample-signoff';

const base = {
  url: 'https://shop.example.com/checkout', site: { id: 'shop', name: 'Shop' }, overrides: { 'new-checkout': true, 'hero-banner': 'b' },
  browser: 'Chrome 142', flagtabVersion: '0.1.0', at: Date.UTC(2026, 11, 7),
};

describe('the sign-off names the scenario the tab was in', () => {
  it('carries it in the evidence only when the overrides matched one', () => {
    expect(collectEvidence({ ...base, scenario: 'New checkout, banner B' }).scenario).toBe('New checkout, banner B');
    expect(collectEvidence(base)).not.toHaveProperty('scenario');
    expect(EvidenceSchema().parse(collectEvidence({ ...base, scenario: 'New checkout, banner B' })).scenario).toBe('New checkout, banner B');
  });

  it('writes "Scenario: …" into every tracker\'s comment, after the site', () => {
    const signOff = sampleSignOff({ evidence: collectEvidence({ ...base, scenario: 'New checkout, banner B <b>|*' }) });
    const parts = commentParts(signOff);
    const labels = parts.evidence.map(([label]) => label);
    expect(labels.indexOf('Scenario')).toBe(labels.indexOf('Site') + 1);
    expect(parts.evidence).toContainEqual(['Scenario', 'New checkout, banner B <b>|*']);

    const adf = signOffAdf(parts);
    expect(adfErrors(adf)).toEqual([]);
    expect(adfText(adf)).toContain('New checkout, banner B <b>|*');
    expect(markdownComment(parts)).toMatch(/Scenario.*New checkout, banner B/);
    expect(signOffWiki(parts)).toMatch(/Scenario.*New checkout, banner B/);
  });

  it('has no scenario row when the tab was in none', () => {
    expect(commentParts(sampleSignOff({ evidence: collectEvidence(base) })).evidence.map(([l]) => l)).not.toContain('Scenario');
  });
});
