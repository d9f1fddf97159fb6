import { isGone, listedIds } from '../stateful/read-back';
import { type Check, failed, inconclusive, passed } from './types';

export const useAfterFree: Check = {
  id: 'use-after-free',
  severity: 'error',
  doc:
    'In a stateful sequence, after a 2xx delete the resource is gone: its get answers 404 (or 410), and the list ' +
    'no longer holds it. A 2xx get, or the id still listed, means the delete answered success and kept the ' +
    'resource. Any other answer (401, 500…) proves neither: inconclusive.',
  cases: ['stateful'],
  appliesTo(ctx) {
    if (ctx.case.kind !== 'stateful') return false;
    const e = ctx.case.expect;
    return (e.of === 'read' && e.state === 'deleted') || (e.of === 'list' && e.deleted.length > 0);
  },
  run(ctx) {
    if (ctx.case.kind !== 'stateful') return passed;
    const { command, operationId, expect } = ctx.case;
    const { status, json } = ctx.exchange.response;
    if (expect.of === 'list') {
      if (status !== 200) return inconclusive(`${operationId} answered ${status}, not the list`);
      const ids = listedIds(json, expect.idFields);
      if (!ids) return inconclusive(`${operationId} answered no list`);
      const stale = expect.deleted.filter((id) => ids.has(id));
      if (!stale.length) return passed;
      return failed({
        title: 'Deleted resource still listed',
        message: `${command}: ${operationId} still lists ${stale.join(', ')}, which a 2xx delete removed; documented: the list no longer holds it.`,
        received: { listed: stale },
        documented: 'absent from the list',
      });
    }
    if (expect.of !== 'read') return passed;
    if (expect.via === 'get') {
      if (isGone(status)) return passed;
      if (status >= 300) return inconclusive(`${operationId} answered ${status}, which says neither "found" nor "gone"`);
      return failed({
        title: 'Deleted resource still readable',
        message: `${command}: ${operationId} answered ${status} for ${expect.id}, which a 2xx delete removed; documented: 404 (the resource is gone).`,
        received: status,
        documented: 404,
      });
    }
    if (status !== 200) return inconclusive(`${operationId} answered ${status}, not the list`);
    const ids = listedIds(json, expect.idFields);
    if (!ids) return inconclusive(`${operationId} answered no list`);
    if (!ids.has(expect.id)) return passed;
    return failed({
      title: 'Deleted resource still listed',
      message: `${command}: ${operationId} still lists ${expect.id}, which a 2xx delete removed; documented: the list no longer holds it.`,
      received: { listed: [expect.id] },
      documented: 'absent from the list',
    });
  },
};
