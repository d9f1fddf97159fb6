import { isGone, listedIds } from '../stateful/read-back';
import { type Check, failed, inconclusive, passed } from './types';

export const ensureResourceAvailability: Check = {
  id: 'ensure-resource-availability',
  severity: 'error',
  doc:
    'In a stateful sequence, a resource a 2xx create made (and no delete removed) can be used: its get answers 2xx, ' +
    'the list holds it, and an update or delete of it does not answer 404. A 404 (or the id missing from the list) ' +
    'means the server answered "created" for something it cannot find. Answers that say neither (400 to an ' +
    'update, 401, 500…) are inconclusive.',
  cases: ['stateful'],
  appliesTo(ctx) {
    if (ctx.case.kind !== 'stateful') return false;
    const e = ctx.case.expect;
    return (e.of === 'read' && e.state === 'live') || (e.of === 'list' && e.live.length > 0) || e.of === 'update' || e.of === 'delete';
  },
  run(ctx) {
    if (ctx.case.kind !== 'stateful') return passed;
    const { command, operationId, expect } = ctx.case;
    const { status, json } = ctx.exchange.response;
    if (expect.of === 'list') {
      if (status !== 200) return inconclusive(`${operationId} answered ${status}, not the list`);
      const ids = listedIds(json, expect.idFields);
      if (!ids) return inconclusive(`${operationId} answered no list`);
      const missing = expect.live.filter((id) => !ids.has(id));
      if (!missing.length) return passed;
      return failed({
        title: 'Created resource not listed',
        message: `${command}: ${operationId} does not list ${missing.join(', ')}, which a 2xx create made and nothing deleted; documented: the list holds it.`,
        received: { missing },
        documented: 'listed',
      });
    }
    if (expect.of === 'read' && expect.via === 'list') {
      if (status !== 200) return inconclusive(`${operationId} answered ${status}, not the list`);
      const ids = listedIds(json, expect.idFields);
      if (!ids) return inconclusive(`${operationId} answered no list`);
      if (ids.has(expect.id)) return passed;
      return failed({
        title: 'Created resource not listed',
        message: `${command}: ${operationId} does not list ${expect.id}, which a 2xx create made and nothing deleted; documented: the list holds it.`,
        received: { missing: [expect.id] },
        documented: 'listed',
      });
    }
    if (expect.of !== 'read' && expect.of !== 'update' && expect.of !== 'delete') return passed;
    if (status >= 200 && status < 300) return passed;
    if (!isGone(status)) return inconclusive(`${operationId} answered ${status}, which says neither "found" nor "gone"`);
    if (expect.of !== 'read' && expect.namesOthers) return inconclusive(`${operationId} answered ${status} to a body naming other resources by id`);
    return failed({
      title: 'Created resource not found',
      message: `${command}: ${operationId} answered ${status} for ${expect.id}, which a 2xx create made and nothing deleted; documented: the resource exists.`,
      received: status,
      documented: '2xx',
    });
  },
};
