import { describe, expect, it } from 'vitest';
import { toCurl } from './curl';
import { REDACTED, Redactor } from './redact';

const key = `oc_${'a1'.repeat(32)}`;
const org = `oc_org_${'b2'.repeat(32)}`;

describe('Redactor', () => {
  const r = new Redactor([key, org]);

  it('replaces known keys anywhere in text, and unknown key-like tokens', () => {
    expect(r.text(`key ${key} and ${org}`)).toBe(`key ${REDACTED} and ${REDACTED}`);
    expect(r.text(`other aoc_${'c'.repeat(64)}`)).not.toContain('c'.repeat(64));
  });

  it('keeps the scheme of an Authorization header and hides the credential', () => {
    expect(r.headers({ Authorization: `Bearer ${key}`, 'x-project-id': 'p1' })).toEqual({ Authorization: `Bearer ${REDACTED}`, 'x-project-id': 'p1' });
  });

  it('redacts secret-named values in nested data and JSON bodies', () => {
    expect(r.data({ a: { value: 'sk-123', name: 'n' }, list: [{ apiKey: 'x' }] })).toEqual({ a: { value: REDACTED, name: 'n' }, list: [{ apiKey: REDACTED }] });
    expect(r.body('{"accessToken":"t","n":1}')).toBe(`{"accessToken":"${REDACTED}","n":1}`);
  });

  it('redacts secret-named query parameters', () => {
    expect(r.path('/x?_token=abc&q=1')).toBe(`/x?_token=${encodeURIComponent(REDACTED)}&q=1`);
  });
});

describe('toCurl', () => {
  it('shell-quotes and leaves out headers curl sets itself', () => {
    const line = toCurl('http://h/v1', { method: 'POST', path: '/agents', headers: { host: 'h', 'content-type': 'application/json' }, body: `{"name":"it's"}` });
    expect(line).toBe(`curl -sS -X POST http://h/v1/agents -H 'content-type: application/json' --data-raw '{"name":"it'\\''s"}'`);
  });
});
