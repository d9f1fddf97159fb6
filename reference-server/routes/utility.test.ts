import { describe, expect, it } from 'vitest';
import { headersFor, ISO_DATE_TIME } from '../__test-helpers__/callers.ts';
import { createApp } from '../app.ts';

describe('Utility getHealth GET /health', () => {
  it.each<[string, (app: ReturnType<typeof createApp>) => Record<string, string>]>([
    ['no credentials', () => ({})],
    ['an invalid key', () => ({ Authorization: 'Bearer oc_invalid' })],
    ['the partner key', (app) => headersFor(app, 'partner')],
  ])('answers 200 {status, version, timestamp} with %s', async (_, headers) => {
    const app = createApp();
    const res = await app.request('GET', '/v1/health', { headers: headers(app) });
    expect([res.status, res.body]).toEqual([
      200,
      { status: 'ok', version: expect.any(String), timestamp: expect.stringMatching(ISO_DATE_TIME) },
    ]);
  });
});
