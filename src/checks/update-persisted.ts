import { DEPENDENT_FIELDS } from '../stateful/dependent-fields';
import { listedItem } from '../stateful/read-back';
import { type Check, failed, inconclusive, passed } from './types';

export const updatePersisted: Check = {
  id: 'update-persisted',
  severity: 'error',
  doc:
    'In a stateful sequence, what a 2xx update set is what a later read shows: each field the update sent that the ' +
    'read documents as a scalar (string, number, boolean) has the value sent (or echoed by the update’s answer) on ' +
    'the get answer or the list item. Not compared: fields the read leaves out, and fields kept only while another ' +
    'field has a given value when the read shows it has not (a secret’s opRef while its valueSource is inline). A ' +
    'read that does not find the resource is ensure-resource-availability’s, here inconclusive.',
  cases: ['stateful'],
  appliesTo: (ctx) =>
    ctx.case.kind === 'stateful' &&
    ctx.case.expect.of === 'read' &&
    ctx.case.expect.state === 'live' &&
    Object.keys(ctx.case.expect.fields ?? {}).length > 0,
  run(ctx) {
    if (ctx.case.kind !== 'stateful' || ctx.case.expect.of !== 'read') return passed;
    const { command, operationId, expect } = ctx.case;
    const { status, json } = ctx.exchange.response;
    const ok = expect.via === 'get' ? status >= 200 && status < 300 : status === 200;
    const item = !ok ? undefined : expect.via === 'get' ? asObject(json) : listedItem(json, expect.id, expect.idFields);
    if (!item) return inconclusive(`${operationId} did not show ${expect.id} (${status})`);
    const received: Record<string, unknown> = {};
    const documented: Record<string, unknown> = {};
    let compared = 0;
    for (const [field, value] of Object.entries(expect.fields ?? {})) {
      if (!(field in item)) continue;
      const dependent = DEPENDENT_FIELDS[field];
      if (dependent && item[dependent.on] !== dependent.equals) continue;
      compared++;
      if (!sameScalar(item[field], value)) {
        received[field] = item[field];
        documented[field] = value;
      }
    }
    if (compared === 0) return inconclusive(`${operationId} shows none of the updated fields`);
    const wrong = Object.keys(documented);
    if (wrong.length === 0) return passed;
    return failed({
      title: 'Update not persisted',
      message:
        `${command}: ${operationId} shows ${wrong.map((f) => `${f} ${JSON.stringify(received[f])}`).join(', ')} for ${expect.id}; ` +
        `the 2xx update set ${wrong.map((f) => `${f} ${JSON.stringify(documented[f])}`).join(', ')}.`,
      received,
      documented,
    });
  },
};

function asObject(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Equal scalars; an absent value and null are the same. */
function sameScalar(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}
