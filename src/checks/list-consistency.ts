import { listedIds } from '../stateful/read-back';
import { type Check, failed, inconclusive, passed } from './types';

export const listConsistency: Check = {
  id: 'list-consistency',
  severity: 'error',
  doc:
    'In a stateful sequence, the list holds exactly the live resources among those the sequence made: every one a ' +
    '2xx create made and no 2xx delete removed is listed, and none a 2xx delete removed is. Resources the ' +
    'sequence did not make are not judged. A list answer that is not 200 is inconclusive.',
  cases: ['stateful'],
  appliesTo: (ctx) => ctx.case.kind === 'stateful' && ctx.case.expect.of === 'list',
  run(ctx) {
    if (ctx.case.kind !== 'stateful' || ctx.case.expect.of !== 'list') return passed;
    const { command, operationId, expect } = ctx.case;
    const { status, json } = ctx.exchange.response;
    if (status !== 200) return inconclusive(`${operationId} answered ${status}, not the list`);
    const ids = listedIds(json, expect.idFields);
    if (!ids) return inconclusive(`${operationId} answered no list`);
    const missing = expect.live.filter((id) => !ids.has(id));
    const stale = expect.deleted.filter((id) => ids.has(id));
    if (!missing.length && !stale.length) return passed;
    const parts = [
      missing.length ? `omits ${missing.join(', ')} (created, not deleted)` : '',
      stale.length ? `holds ${stale.join(', ')} (deleted)` : '',
    ].filter(Boolean);
    return failed({
      title: missing.length ? (stale.length ? 'List omits live resources and holds deleted ones' : 'List omits live resources') : 'List holds deleted resources',
      message: `${command}: ${operationId} ${parts.join(' and ')}; documented: of what the sequence made, the list holds exactly what it did not delete (live: ${expect.live.length}, deleted: ${expect.deleted.length}).`,
      received: { missing, stale },
      documented: { live: expect.live },
    });
  },
};
