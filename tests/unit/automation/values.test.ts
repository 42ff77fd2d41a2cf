import { describe, expect, it } from 'vitest';
import { looseValue, splitAssignment, typedValue, UsageError, valuesFrom } from '../../../lib/automation';
import { FLAGS } from './support';

const flag = (key: string) => FLAGS.find((f) => f.key === key)!;

describe('values typed on a command line', () => {
  it('reads JSON where it is JSON and text otherwise, without a catalogue', () => {
    expect(looseValue('true')).toBe(true);
    expect(looseValue('5')).toBe(5);
    expect(looseValue('{"a":1}')).toEqual({ a: 1 });
    expect(looseValue('b')).toBe('b');
    expect(looseValue('"5"')).toBe('5');
  });

  it('splits at the first "=", so values may hold "="', () => {
    expect(splitAssignment('greeting=a=b')).toEqual(['greeting', 'a=b']);
    expect(() => splitAssignment('=x')).toThrow(/not a flag assignment/);
    expect(() => splitAssignment('new-checkout')).toThrow(/write key=value/);
  });

  it('takes a variant by value or by name, and refuses what the flag does not have', () => {
    expect(typedValue(flag('hero-banner'), 'b')).toBe('b');
    expect(typedValue(flag('max-items'), 'five')).toBe(5);
    expect(typedValue(flag('max-items'), '10')).toBe(10);
    expect(typedValue(flag('new-checkout'), 'on')).toBe(true);
    expect(() => typedValue(flag('hero-banner'), 'z')).toThrow('"z" is not a value of hero-banner: use one of "a", "b", "c", "d"');
    expect(() => typedValue(flag('max-items'), '4')).toThrow('three (3), five (5), ten (10)');
  });

  it('checks free values against the flag type; string flags take the text as typed', () => {
    expect(typedValue(flag('greeting'), '123')).toBe('123');
    expect(typedValue(flag('ratio'), '0.5')).toBe(0.5);
    expect(() => typedValue(flag('ratio'), 'lots')).toThrow('ratio is a number flag; "lots" is not a number');
    expect(typedValue(flag('limits'), '{"max":2}')).toEqual({ max: 2 });
  });

  it('names the nearest flags for an unknown key', () => {
    expect(() => valuesFrom({ assignments: ['new-chekout=true'], flags: FLAGS, siteId: 'shop' })).toThrow('site "shop" has no flag "new-chekout"; did you mean "new-checkout"?');
  });

  it('takes keys holding , ; = or __proto__ through --json, into a null-prototype record', () => {
    const values = valuesFrom({ json: ['{"a,b;c=d": true, "__proto__": 1}'], siteId: 'shop' });
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect(Object.keys(values)).toEqual(['a,b;c=d', '__proto__']);
    expect(values['a,b;c=d']).toBe(true);
  });

  it('carries a key with a newline; refuses keys the wire cannot carry, and --json that is not an object, as usage errors', () => {
    expect(Object.keys(valuesFrom({ json: ['{"two\\nlines": true}'], siteId: 'shop' }))).toEqual(['two\nlines']);
    expect(() => valuesFrom({ json: ['{"": true}'], siteId: 'shop' })).toThrow(UsageError);
    expect(() => valuesFrom({ json: ['{"": true}'], siteId: 'shop' })).toThrow('flag key "" is empty');
    expect(() => valuesFrom({ json: ['[1,2]'], siteId: 'shop' })).toThrow(/--json takes an object/);
  });
});
