import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { makeFlag, type Flag } from '../../lib/flags/flag';
import { exportConfigFile, parseConfigFile } from '../../lib/config/file';
import { buildConfigJsonSchema } from '../../lib/config/json-schema';
import { migrateConfig } from '../../lib/config/migrations';
import { matchingScenario, pathOf, sameValues, scenarioId, startUrl, type Scenario } from '../../lib/scenarios/scenario';
import { parseValuesText } from '../../lib/scenarios/schema';
import { planTicket, ticketsOfFlags } from '../../lib/scenarios/ticket-plan';

const site = { id: 'shop', name: 'Shop', hosts: ['shop.example.com'], catalogue: { provider: 'flags-file', url: 'https://shop.example.com/flags.json' } };
const bannerB: Scenario = {
  id: 'new-checkout-banner-b', siteId: 'shop', name: 'New checkout, banner B', startPath: '/checkout',
  tickets: ['SHOP-142'], values: { 'new-checkout': true, 'hero-banner': 'b' },
};

const flag = (key: string, type: Flag['type'], tickets: string[]) =>
  makeFlag({ key, type, tags: [], tickets, variants: type === 'boolean' ? [] : [{ name: 'a', value: 'a' }, { name: 'b', value: 'b' }] });
const flags = [
  flag('new-checkout', 'boolean', ['SHOP-142']),
  flag('hero-banner', 'string', ['SHOP-142', 'SHOP-150']),
  flag('express-pay', 'boolean', ['SHOP-142']),
  flag('price-format', 'string', []),
];

describe('scenario model', () => {
  it('makes an id from the name, unlike the ids taken', () => {
    expect(scenarioId('New checkout, banner B', [])).toBe('new-checkout-banner-b');
    expect(scenarioId('New checkout, banner B', ['new-checkout-banner-b'])).toBe('new-checkout-banner-b-2');
    expect(scenarioId('✨', [])).toBe('scenario');
  });

  it('compares values whatever their key order, and finds the scenario a tab is in', () => {
    expect(sameValues({ a: { x: 1, y: [2] }, b: true }, { b: true, a: { y: [2], x: 1 } })).toBe(true);
    expect(sameValues({ a: true }, { a: true, b: false })).toBe(false);
    expect(sameValues({ a: 1 }, { a: '1' })).toBe(false);
    expect(matchingScenario([bannerB], 'shop', { 'hero-banner': 'b', 'new-checkout': true })?.name).toBe('New checkout, banner B');
    expect(matchingScenario([bannerB], 'shop', { 'new-checkout': true })).toBeUndefined();
    expect(matchingScenario([bannerB], 'blog', bannerB.values)).toBeUndefined();
    expect(matchingScenario([{ ...bannerB, values: {} }], 'shop', {})).toBeUndefined();
  });

  it('opens the start path on the tab\'s origin only', () => {
    expect(startUrl('https://shop.example.com/cart?x=1', '/checkout?step=2')).toBe('https://shop.example.com/checkout?step=2');
    expect(startUrl('https://shop.example.com/', '//evil.example/')).toBeUndefined();
    expect(startUrl('https://shop.example.com/', undefined)).toBeUndefined();
    expect(startUrl('about:blank', '/checkout')).toBeUndefined();
    expect(pathOf('https://shop.example.com/checkout?token=s3cret#x')).toBe('/checkout');
  });
});

describe('scenarios in the configuration', () => {
  it('reads a version-1 configuration without scenarios as none', () => {
    expect(migrateConfig({ version: 1, sites: [site] })).toMatchObject({ ok: true, config: { scenarios: [] } });
  });

  it('round-trips through export and import, and the file follows the JSON Schema', () => {
    const read = migrateConfig({ version: 1, sites: [site], scenarios: [bannerB] });
    if (!read.ok) throw new Error(read.error);
    const text = exportConfigFile(read.config);
    const validate = new Ajv2020({ allErrors: true, validateFormats: false }).compile(buildConfigJsonSchema());
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(parseConfigFile(text)).toEqual({ ok: true, config: read.config });
    expect(read.config.scenarios[0]).toEqual(bannerB);
  });

  it('leaves scenarios out of an export that has none', () => {
    const read = migrateConfig({ version: 1, sites: [site] });
    if (!read.ok) throw new Error(read.error);
    expect(JSON.parse(exportConfigFile(read.config))).not.toHaveProperty('scenarios');
  });

  it('refuses a scenario of an unknown site, a repeated id, a bad start path and empty values, naming each', () => {
    expect(migrateConfig({ version: 1, sites: [site], scenarios: [bannerB, { ...bannerB, name: 'Again' }] }))
      .toEqual({ ok: false, error: 'scenarios[1].id: another scenario already has the id "new-checkout-banner-b"' });
    expect(migrateConfig({ version: 1, sites: [site], scenarios: [{ ...bannerB, siteId: 'blog' }] }))
      .toEqual({ ok: false, error: 'scenarios[0].siteId: no site has the id "blog": add the site, or remove the scenario' });
    expect(migrateConfig({ version: 1, sites: [site], scenarios: [{ ...bannerB, startPath: 'https://evil.example/' }] }))
      .toEqual({ ok: false, error: expect.stringContaining('scenarios[0].startPath: must be a path on the site') });
    expect(migrateConfig({ version: 1, sites: [site], scenarios: [{ ...bannerB, values: {} }] }))
      .toEqual({ ok: false, error: expect.stringContaining('scenarios[0].values: must set at least one flag') });
  });

  it('keeps hostile flag keys as keys, on a null-prototype record', () => {
    const text = exportConfigFile({ version: 1, sites: [], scenarios: [] }).replace('"sites": []', `"sites": ${JSON.stringify([site])}, "scenarios": [${JSON.stringify({ ...bannerB, values: {} }).replace('"values":{}', '"values":{"__proto__":{"polluted":true},"constructor":1}')}]`);
    const read = parseConfigFile(text);
    if (!read.ok) throw new Error(read.error);
    const values = read.config.scenarios[0]!.values;
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect(Object.keys(values)).toEqual(['__proto__', 'constructor']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('reads values typed by hand, or says what is wrong and how to write them', () => {
    expect(parseValuesText('{ "new-checkout": true }')).toEqual({ ok: true, values: { 'new-checkout': true } });
    expect(parseValuesText('{ new-checkout: true }')).toEqual({ ok: false, error: expect.stringMatching(/^not valid JSON .* write an object like/) });
    expect(parseValuesText('[]')).toEqual({ ok: false, error: expect.stringContaining('must be an object') });
    expect(parseValuesText('{}')).toEqual({ ok: false, error: expect.stringContaining('must set at least one flag') });
  });
});

describe('"Apply the flags of a ticket"', () => {
  it('lists the catalogue\'s tickets once, the suggested ones first', () => {
    expect(ticketsOfFlags(flags)).toEqual(['SHOP-142', 'SHOP-150']);
    expect(ticketsOfFlags(flags, ['SHOP-150', 'SHOP-999'])).toEqual(['SHOP-150', 'SHOP-142']);
  });

  it('switches the ticket\'s boolean flags on and leaves a variant to choose when no scenario says which', () => {
    expect(planTicket('SHOP-142', flags, [])).toEqual({
      ticket: 'SHOP-142',
      values: { 'new-checkout': true, 'express-pay': true },
      unset: [{ key: 'hero-banner', why: 'choose a variant: no saved scenario of SHOP-142 sets it' }],
      fromScenarios: [],
    });
  });

  it('takes a variant from a saved scenario linked to the ticket, never from one of another ticket', () => {
    expect(planTicket('SHOP-142', flags, [bannerB])).toMatchObject({ values: { 'new-checkout': true, 'express-pay': true, 'hero-banner': 'b' }, unset: [], fromScenarios: ['New checkout, banner B'] });
    expect(planTicket('SHOP-150', flags, [bannerB])).toMatchObject({ values: {}, unset: [{ key: 'hero-banner' }] });
  });

  it('does not pick when the ticket\'s scenarios disagree', () => {
    const bannerC = { ...bannerB, id: 'c', name: 'Banner C', values: { 'hero-banner': 'c' } };
    expect(planTicket('SHOP-142', flags, [bannerB, bannerC]).unset).toEqual([
      { key: 'hero-banner', why: 'choose a variant: the scenarios of SHOP-142 disagree ("New checkout, banner B", "Banner C")' },
    ]);
  });

  it('sets nothing for a ticket no flag names', () => {
    expect(planTicket('SHOP-1', flags, [bannerB])).toEqual({ ticket: 'SHOP-1', values: {}, unset: [], fromScenarios: [] });
  });
});
