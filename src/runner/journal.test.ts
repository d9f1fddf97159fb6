import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, journalRequest, wireRequest } from './journal';

const KEYS = { apiKey: `oc_${'a'.repeat(64)}`, orgKey: `oc_org_${'b'.repeat(64)}`, projectId: 'p1', partnerKey: 'oc_partner_c' };
const A = 'http://a.example/v1';
const B = 'http://b.example/v1';

function fresh(): string {
  return join(mkdtempSync(join(tmpdir(), 'occ-journal-')), 'journal.jsonl');
}

describe('Journal', () => {
  it('pending: creates not deleted and restores not done, newest first, per target', () => {
    const path = fresh();
    const a = new Journal(path, A);
    const b = new Journal(path, B);
    for (const id of ['1', '2', '3']) {
      a.append({ event: 'created', target: A, what: 'deleteAgent', request: { method: 'DELETE', path: `/agents/${id}`, key: 'apiKey' } });
    }
    b.append({ event: 'created', target: B, what: 'deleteAgent', request: { method: 'DELETE', path: '/agents/9', key: 'apiKey' } });
    a.append({ event: 'restore', target: A, request: { method: 'POST', path: '/agents/0/set-default', key: 'apiKey' } });
    a.append({ event: 'deleted', target: A, path: '/agents/2' });
    expect(Journal.pending(path, A).deletes.map((d) => d.request.path)).toEqual(['/agents/3', '/agents/1']);
    expect(Journal.pending(path, A).restores.map((r) => r.path)).toEqual(['/agents/0/set-default']);
    expect(Journal.pending(path, B).deletes.map((d) => d.request.path)).toEqual(['/agents/9']);
    a.append({ event: 'restored', target: A, method: 'POST', path: '/agents/0/set-default' });
    a.append({ event: 'deleted', target: A, path: '/agents/1' });
    a.append({ event: 'deleted', target: A, path: '/agents/3' });
    expect(Journal.pending(path, A)).toEqual({ restores: [], deletes: [] });
    // B still has something to undo: the file is not done with.
    expect(Journal.anyPending(path)).toBe(true);
    b.append({ event: 'deleted', target: B, path: '/agents/9' });
    expect(Journal.anyPending(path)).toBe(false);
  });

  it('a line cut short by a crash is skipped; a missing file holds nothing', () => {
    const path = fresh();
    new Journal(path, A).append({ event: 'created', target: A, what: 'deleteSecret', request: { method: 'DELETE', path: '/secrets/1' } });
    appendFileSync(path, '{"event":"created","target":"http://a.exa');
    expect(Journal.pending(path, A).deletes).toHaveLength(1);
    expect(Journal.pending(fresh(), A)).toEqual({ restores: [], deletes: [] });
  });

  it('names keys by kind and never writes them; puts them back from the credentials', () => {
    const request = { method: 'DELETE', path: '/agents/1', headers: { authorization: `Bearer ${KEYS.orgKey}`, 'x-project-id': 'p1' } };
    const kept = journalRequest(request, KEYS);
    expect(kept).toEqual({ method: 'DELETE', path: '/agents/1', key: 'orgKey', projectId: 'p1' });
    expect(JSON.stringify(kept)).not.toContain(KEYS.orgKey);
    expect(wireRequest(kept, KEYS)).toEqual({ method: 'DELETE', path: '/agents/1', headers: { authorization: `Bearer ${KEYS.orgKey}`, 'x-project-id': 'p1' } });
    // A key the run made itself is not at hand later; one not given this time neither.
    const own = journalRequest({ method: 'DELETE', path: '/x/1', headers: { authorization: 'Bearer oc_made_by_run' } }, KEYS);
    expect(own.key).toBe('own');
    expect(wireRequest(own, KEYS)).toBeUndefined();
    expect(wireRequest(kept, { apiKey: KEYS.apiKey })).toBeUndefined();
    const path = fresh();
    new Journal(path, A).append({ event: 'created', target: A, what: 'deleteAgent', request: kept });
    expect(readFileSync(path, 'utf8')).not.toContain('oc_org_');
  });
});
