import { describe, expect, it } from 'vitest';
import { codePointLength } from './code-points';
import { isPrintableAscii, printableAscii, readableValue } from './readable-value';

describe('readableValue', () => {
  it('replaces each code point outside printable ASCII by a letter, keeping the length in code points', () => {
    const s = 'a\u{1F600}b\u00ad\u0001\ufff2é';
    const out = printableAscii(s);
    expect(isPrintableAscii(out)).toBe(true);
    expect(codePointLength(out)).toBe(codePointLength(s));
    expect(out).toBe('abbdefg');
    expect(printableAscii('plain ASCII ~')).toBe('plain ASCII ~');
  });

  it('makes each string printable ASCII where the check allows, leaving keys and other values alone', () => {
    const value = { 'k\u{1F600}': 'x\u{1F600}', list: ['é', 1, null, 'ok'], keep: '\u00e9\u00e9' };
    const out = readableValue(value, (v) => (v as typeof value).keep === '\u00e9\u00e9');
    expect(out).toEqual({ 'k\u{1F600}': 'xb', list: ['a', 1, null, 'ok'], keep: '\u00e9\u00e9' });
    expect(value['k\u{1F600}']).toBe('x\u{1F600}'); // the input is not changed
  });

  it('returns the value itself when nothing needs changing or nothing may change', () => {
    const value = { a: 'plain', b: [1, 2] };
    expect(readableValue(value, () => true)).toBe(value);
    expect(readableValue('\u{1F600}', () => false)).toBe('\u{1F600}');
    expect(readableValue('\u{1F600}', () => true)).toBe('a');
  });
});
