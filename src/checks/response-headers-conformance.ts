import { documentedResponse } from '../contract/operations';
import { type Check, type CheckContext, failed, passed } from './types';

/** Header names (lower-case) the contract requires on the answered status. */
function requiredHeaders({ operation, exchange }: CheckContext): string[] {
  return documentedResponse(operation, exchange.response.status)?.requiredHeaders ?? [];
}

export const responseHeadersConformance: Check = {
  id: 'response-headers-conformance',
  severity: 'error',
  doc:
    'Every response header the contract marks required for the answered status must be present, e.g. Location ' +
    'on the 302 of authorizeApp and authorizeOrgApp: without it the redirect leads nowhere. Statuses that require ' +
    'no header are skipped.',
  appliesTo: (ctx) => requiredHeaders(ctx).length > 0,
  run(ctx) {
    const { response } = ctx.exchange;
    const documented = requiredHeaders(ctx);
    const missing = documented.filter((name) => response.headers[name] === undefined);
    if (missing.length === 0) return passed;
    const present = Object.keys(response.headers).sort();
    return failed({
      title: `Missing required header ${missing.join(', ')}`,
      message: `Received a ${response.status} without ${missing.join(', ')} (headers: ${present.join(', ') || 'none'}); documented as required: ${documented.join(', ')}.`,
      received: present,
      documented,
    });
  },
};
