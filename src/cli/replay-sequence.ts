import fc from 'fast-check';
import { validRequest } from '../../generators/requests/operation-request';
import { caseToWire, matchTemplate } from '../../generators/requests/wire';
import type { CaseInfo } from '../checks/types';
import type { Operation } from '../contract/types';
import { EngineError } from '../errors';
import type { HttpClient } from '../http/client';
import type { Exchange, WireRequest, WireResponse } from '../http/types';
import type { SequenceStep } from '../runner/types';
import { bare, CREATE_ATTEMPTS, createdId, emptyModel, expectation, observe } from '../stateful/commands';
import type { ResourceFamily } from '../stateful/graph';
import { listedIds } from '../stateful/read-back';

/** What replaying a stateful finding's sequence needs. */
export interface SequenceReplay {
  /** The finding's steps (its case's `steps`) and the index of the judged one. */
  steps: SequenceStep[];
  judgedStep: number;
  /** The command the finding's check judged (its case's `command`). */
  command: string;
  /** The family whose create operation the sequence ran on. */
  family: ResourceFamily;
  operations: Operation[];
  client: HttpClient;
  /** A recorded (redacted) request with the replay's keys put back. */
  withKeys(request: WireRequest, operation: Operation): WireRequest;
  /** The replay's authentication headers for an operation (fresh create bodies, cleanup). */
  auth(operation: Operation): Record<string, string>;
  /** Tells the user something (a step answered otherwise than in the run, what cleanup could not remove), as it happens. */
  note(text: string): void;
}

export interface ReplayedSequence {
  /** The judged step as replayed: its request (ids substituted, current keys) and the new answer. */
  exchange: Exchange;
  /** Its case, with what the model rebuilt from the replayed answers expects. */
  info: Extract<CaseInfo, { kind: 'stateful' }>;
  /** Old id → the id the replay's create got in its place. */
  ids: Map<string, string>;
}

/**
 * Re-sends a stateful finding's steps in order against the target and rebuilds the model from the new
 * answers with the stateful commands' own code (expectation, observe). Ids change between runs: the id a
 * replayed create gets replaces the one the run's create got, wherever it appears in later steps (path,
 * query, body) and in the model. A create that made a resource in the run but is refused now (its body
 * names something the target already holds, e.g. a resource the run left behind) is retried with fresh
 * valid bodies; if none makes one, the sequence cannot be rebuilt (EngineError TARGET_UNUSABLE). Steps
 * after the judged one are not sent. Afterwards the replay deletes what it made and may still be there.
 */
export async function replaySequence(r: SequenceReplay): Promise<ReplayedSequence> {
  const { family } = r;
  const steps = r.steps.slice(0, r.judgedStep + 1);
  if (steps.length !== r.judgedStep + 1) throw new EngineError('CONFIG_INVALID', `the finding's judged step ${r.judgedStep + 1} is not among its ${r.steps.length} steps`);
  const commands = createCommands(steps);
  const model = emptyModel();
  const ids = new Map<string, string>();
  const made: string[] = [];
  let parents: Record<string, string> = {};
  try {
    for (const [i, step] of steps.entries()) {
      const operation = r.operations.find((o) => o.operationId === step.operationId);
      if (!operation) throw new EngineError('CONFIG_INVALID', `the contract has no operation ${step.operationId} (step ${i + 1} of the sequence)`);
      const judged = i === r.judgedStep;
      const create = commands.get(i);
      // A create command stops at the first attempt answered with an id, as in the run (the judged step is always sent).
      if (create?.made !== undefined && !judged) {
        r.note(`step ${i + 1} (${step.command}) not sent: an earlier attempt of the command made the ${family.name}`);
        continue;
      }
      let request = substituteIds(r.withKeys(step.request, operation), ids);
      const id = step.id === undefined ? undefined : (ids.get(step.id) ?? step.id);
      if (step.of === 'create') parents = matchTemplate(family.create.path, request.path.split('?')[0]!) ?? parents;
      const expect = expectation(family, model, step.of, id, operation);
      let response = await r.client.send(request);
      if (create && create.made === undefined && create.created !== undefined && i === create.last && !judged && createdId(family, response) === undefined) {
        // The run's command made a resource and no attempt does now (a body naming what the target holds).
        const fresh = await createAnew(r, operation, request, parents);
        if (!fresh) {
          throw new EngineError(
            'TARGET_UNUSABLE',
            `the sequence cannot be rebuilt: ${step.command} (step ${i + 1}) answered ${response.status} where the run's got ${step.status}, ` +
              `and ${CREATE_ATTEMPTS} fresh bodies made no ${family.name} either`,
          );
        }
        r.note(`step ${i + 1} (${step.command}) answered ${response.status} (the run's: ${step.status}); a fresh body made the ${family.name}`);
        ({ request, response } = fresh);
      } else if (!judged && statusClass(response.status) !== statusClass(step.status)) {
        r.note(`step ${i + 1} (${step.command}) answered ${response.status} (the run's: ${step.status})`);
      }
      const createdNow = observe(family, model, step.of, id, request, response);
      if (createdNow !== undefined) {
        // A create answering an id already made is an upsert of that resource: delete it once.
        if (!made.includes(createdNow)) made.push(createdNow);
        if (create && create.made === undefined) {
          create.made = createdNow;
          if (create.created !== undefined) ids.set(create.created, createdNow);
        }
      }
      if (judged) {
        return { exchange: { request, response }, info: { kind: 'stateful', command: r.command, operationId: step.operationId, expect }, ids };
      }
    }
    throw new EngineError('CONFIG_INVALID', 'the finding has no judged step');
  } finally {
    for (const left of await cleanUp(r, made, model.deleted, parents)) r.note(left);
  }
}

/** One create command of a sequence as replayed: its attempts' last step, the id the run's made, the one the replay's made. */
interface CreateCommand {
  last: number;
  created?: string;
  made?: string;
}

/**
 * The create commands of a sequence, by step index: consecutive create steps are the attempts of one
 * command (attempt 1, 2, …); a step without an attempt number is a command of its own.
 */
export function createCommands(steps: readonly SequenceStep[]): Map<number, CreateCommand> {
  const byStep = new Map<number, CreateCommand>();
  let current: CreateCommand | undefined;
  for (const [i, step] of steps.entries()) {
    if (step.of !== 'create') {
      current = undefined;
      continue;
    }
    if (!current || (step.attempt ?? 1) <= (steps[i - 1]!.attempt ?? 1)) current = { last: i };
    current.last = i;
    if (step.created !== undefined) current.created ??= step.created;
    byStep.set(i, current);
  }
  return byStep;
}

/**
 * Old ids replaced by new ones wherever one appears as a whole token (not inside a longer run of letters
 * and digits) in the request's path, query and body; the URL-encoded form too in the path. One pass, so a
 * new id is never replaced again.
 */
export function substituteIds(request: WireRequest, ids: ReadonlyMap<string, string>): WireRequest {
  if (ids.size === 0) return request;
  return {
    ...request,
    path: replaceIds(request.path, ids, true),
    ...(request.body !== undefined ? { body: replaceIds(request.body, ids) } : {}),
  };
}

/** `text` with each old id of `ids` that appears as a whole token replaced by its new id. */
export function replaceIds(text: string, ids: ReadonlyMap<string, string>, urlEncoded = false): string {
  const forms = new Map<string, string>();
  for (const [old, now] of ids) {
    if (!old) continue;
    forms.set(old, now);
    if (urlEncoded) forms.set(encodeURIComponent(old), encodeURIComponent(now));
  }
  if (forms.size === 0) return text;
  const alternatives = [...forms.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![A-Za-z0-9])(?:${alternatives.join('|')})(?![A-Za-z0-9])`, 'g');
  return text.replace(pattern, (m) => forms.get(m)!);
}

/**
 * Fresh valid bodies for a create whose recorded body the target refuses now: generated for the create
 * operation (random seed, so that a second replay does not collide with what the first left), keeping the
 * recorded values of properties that name other resources by id. The first one answered with an id wins.
 */
async function createAnew(
  r: SequenceReplay,
  operation: Operation,
  recorded: WireRequest,
  parents: Record<string, string>,
): Promise<{ request: WireRequest; response: WireResponse } | undefined> {
  const recordedBody = parseJson(recorded.body);
  const seed = Math.floor(Math.random() * 0x7fffffff);
  for (const c of fc.sample(validRequest(operation), { seed, numRuns: CREATE_ATTEMPTS })) {
    let body = c.body;
    if (body?.kind === 'json' && isObject(body.value) && isObject(recordedBody)) {
      const value: Record<string, unknown> = { ...body.value };
      for (const [k, v] of Object.entries(recordedBody)) if (/[a-z]Ids?$/.test(k) && k in value) value[k] = v;
      body = { kind: 'json', value };
    }
    const request = caseToWire(operation, { ...c, pathParams: { ...c.pathParams, ...parents }, ...(body ? { body } : {}) }, r.auth(operation));
    const response = await r.client.send(request);
    if (createdId(r.family, response) !== undefined) return { request, response };
  }
  return undefined;
}

/**
 * Deletes what the replay made and may still be there: what the model holds live (no 2xx delete removed
 * it), and what a 2xx delete should have removed but a get or the list still shows. Returns what is left
 * behind (still shown after the delete). Nothing else is touched.
 */
async function cleanUp(r: SequenceReplay, made: string[], deleted: ReadonlySet<string>, parents: Record<string, string>): Promise<string[]> {
  const { family } = r;
  const left: string[] = [];
  const request = (operation: Operation, id?: string) =>
    caseToWire(operation, { ...bare(operation), pathParams: { ...parents, ...(id !== undefined ? { [family.param]: id } : {}) } }, r.auth(operation));
  /** Whether the target still shows `id`; undefined when its answer does not tell. */
  const shows = async (id: string): Promise<boolean | undefined> => {
    if (family.get) {
      const res = await r.client.send(request(family.get, id));
      return res.status >= 200 && res.status < 300 ? true : res.status === 404 || res.status === 410 ? false : undefined;
    }
    const res = await r.client.send(request(family.list!));
    return res.status === 200 ? listedIds(res.json, family.idFields)?.has(id) : undefined;
  };
  for (const id of made) {
    try {
      if (deleted.has(id) && (await shows(id)) !== true) continue;
      if (!family.delete) {
        left.push(`left behind: ${family.name} ${id} (nothing in the contract deletes it)`);
        continue;
      }
      const del = request(family.delete, id);
      const res = await r.client.send(del);
      if ((await shows(id)) === true) left.push(`left behind: ${family.delete.operationId} ${del.path} answered ${res.status}, but the ${family.name} is still there`);
    } catch (error) {
      left.push(`left behind: ${family.name} ${id} (${(error as Error).message})`);
    }
  }
  return left;
}

function statusClass(status: number): number {
  return Math.floor(status / 100);
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
