import type { Contract } from '../contract/load';
import type { Operation } from '../contract/types';
import { type ResourceGraph, resourceGraph } from '../stateful/graph';
import { OWN_KEYS } from '../stateful/own-keys';
import { pathParamsOf } from '../stateful/resources';
import { foreignStateChange, PROBE_PREFIX, probeable } from '../stateful/safety';
import { createRunContext, type RunContext, type RunSettings } from './context';
import type { NotRun } from './phases/types';
import { PLANNED } from './phases/index';
import { staticNotRun } from './run-phase';
import { PHASES, type Phase } from './types';

/** What a run would send for one operation, told without sending anything (`--plan`). */
export interface OperationPlan {
  operationId: string;
  tag: string;
  method: string;
  path: string;
  /** How each path parameter gets its value. */
  bindings: Array<{ param: string; how: string }>;
  /** How the request is authorized when not with the run's keys (operations on the caller's own key). */
  ownKey?: string;
  phases: Array<{ phase: Phase; notRun?: NotRun; checks: string[] }>;
  /** Against a target the run does not own: undefined when the operation runs there, else why it is skipped. */
  externalSkip?: string;
  /** Named by --allow-destructive: an external target gets it despite `externalSkip`. */
  allowedDestructive?: boolean;
  /** With `externalSkip`: an external target still gets it as a probe, with path values that name nothing. */
  probedExternally?: boolean;
  /** A gateway-served operation of a run with a gateway target: the gateway base URL it is sent to. */
  gateway?: string;
  /** What the contract left open and was inferred (src/contract/infer.ts), one line each: `role project-member`. */
  inferred?: string[];
}

/** The plan of every selected operation, in contract order. */
export function planRun(contract: Contract, settings: RunSettings, selected: (op: Operation) => boolean): OperationPlan[] {
  const ctx = createRunContext(contract, settings);
  const graph = resourceGraph(contract.operations, contract.document);
  return contract.operations.filter(selected).map((op) => {
    const run = ctx.forOperation(op);
    const plan = planOperation(run, graph, op);
    const inferred = inferredLines(contract, op);
    return { ...plan, ...(run === ctx.gateway ? { gateway: run.baseUrl } : {}), ...(inferred.length ? { inferred } : {}) };
  });
}

/** The hints of `operation` the loader inferred, as plan lines. */
function inferredLines(contract: Contract, operation: Operation): string[] {
  const hints = contract.inference?.hints[operation.operationId];
  if (!hints) return [];
  const lines: string[] = [];
  if (hints.keyKinds || hints.projectContext) {
    const keys = operation.keyKinds.map((k) => ({ project: 'project key', org: 'organization key', partner: 'partner key' })[k]);
    const context = operation.projectContext === 'none' ? '' : `, X-Project-Id ${operation.projectContext} with an organization key`;
    lines.push(`credentials: ${keys.join(' or ') || 'none (public)'}${context}`);
  }
  if (hints.role) lines.push(`role: ${operation.role}`);
  if (hints.availability) {
    const editions = (['cloud', 'enterprise', 'community'] as const).filter((e) => operation.availability[e]);
    lines.push(`editions: ${editions.join(', ')}`);
  }
  if (hints.servedBy) lines.push(`served by: the ${operation.servedBy === 'gateway' ? 'gateway' : 'API server'}`);
  return lines;
}

function planOperation(ctx: RunContext, graph: ResourceGraph, operation: Operation): OperationPlan {
  const params = pathParamsOf(operation);
  const bindings = params.map((param, i) => {
    if (ctx.probeOnly(operation)) return { param, how: `${PROBE_PREFIX}… (names nothing: the operation is only probed here)` };
    const edge = graph.edges.find((e) => e.consumer === operation && e.param === param);
    if (!edge) return { param, how: 'generated (no producer in the contract)' };
    const producer = `${edge.producer.operationId} (${edge.producer.method} ${edge.producer.path})`;
    const fields = edge.fields.join(' | ');
    if (edge.via === 'list') return { param, how: `listed by ${producer}, field ${fields}` };
    const fresh = operation.method === 'DELETE' && i === params.length - 1 ? 'a fresh resource ' : '';
    const link = edge.via === 'link' ? ' (declared link)' : '';
    return { param, how: `${fresh}created by ${producer}, id from ${fields}${link}` };
  });
  const own = OWN_KEYS[operation.operationId];
  const phases = PHASES.map((phase) => {
    const notRun = staticNotRun(ctx, operation, phase);
    return { phase, ...(notRun ? { notRun } : {}), checks: notRun ? [] : checksOf(ctx, phase) };
  });
  const foreign = foreignStateChange(ctx.contract.operations, operation);
  const allowed = !!foreign && ctx.allowDestructive.includes(operation.operationId);
  return {
    operationId: operation.operationId,
    tag: operation.tag,
    method: operation.method,
    path: operation.path,
    bindings,
    ...(own ? { ownKey: `a key of the run's own, from the ${own.field} of a resource made by ${own.producer}` } : {}),
    phases,
    ...(foreign ? { externalSkip: foreign } : {}),
    ...(allowed ? { allowedDestructive: true } : {}),
    ...(foreign && !allowed && probeable(operation, (s, v) => ctx.compiler.validate(s, v).valid) ? { probedExternally: true } : {}),
  };
}

/** The selected checks that judge a phase's cases. */
function checksOf(ctx: RunContext, phase: Phase): string[] {
  const planned = PLANNED[phase];
  const kinds = planned.caseKinds;
  return ctx.checks
    .filter((c) => !planned.judgedBy || planned.judgedBy.includes(c.id))
    .filter((c) => !c.cases || c.cases.some((k) => kinds.includes(k)))
    .filter((c) => c.id !== 'max-response-time' || ctx.maxResponseTimeMs !== undefined)
    .map((c) => c.id);
}

/** The plan as text: the resource families, then one block per operation, grouped by tag. */
export function planText(
  contract: Contract,
  plans: OperationPlan[],
  target: {
    baseUrl?: string;
    embedded: boolean;
    readOnly?: boolean;
    companion?: { edition: string; operations: string[] };
    /** `--gateway-target`. */
    gateway?: string;
  },
): string {
  const graph = resourceGraph(contract.operations, contract.document);
  const lines = [
    `Plan (nothing is sent): ${plans.length} operation(s) against ${target.embedded ? 'the embedded reference server (owned by the run)' : `${target.baseUrl} (external: only what the run creates is changed)`}` +
      (target.readOnly ? '; read-only: GET requests only' : '') +
      (target.companion?.operations.length
        ? `; ${target.companion.operations.join(', ')} on a second embedded server, as ${target.companion.edition}`
        : '') +
      (target.gateway ? `; the gateway-served operations at the gateway ${target.gateway}` : ''),
    '',
    'Resource families (stateful sequences run on the create operation):',
  ];
  for (const f of graph.families) {
    const read = f.get ? `get ${f.get.operationId}` : f.list ? `find in ${f.list.operationId}` : 'none';
    const parts = [
      `create ${f.create.operationId}`,
      `read ${read}`,
      f.list ? `list ${f.list.operationId}` : undefined,
      f.updates.length ? `update ${f.updates.map((u) => u.operationId).join(', ')}` : undefined,
      f.delete ? `delete ${f.delete.operationId}` : undefined,
      f.parents.length ? `under ${f.parents.map((p) => `{${p}}`).join(', ')}` : undefined,
    ].filter(Boolean);
    lines.push(`  ${f.name.padEnd(22)} ${parts.join(' · ')}`);
  }
  let tag: string | undefined;
  for (const p of plans) {
    if (p.tag !== tag) lines.push('', `[${(tag = p.tag)}]`);
    lines.push(`${p.operationId}  ${p.method} ${p.path}`);
    if (p.gateway) lines.push(`  sent to:  the gateway, ${p.gateway} (served by OneCLI's gateway, not its API server)`);
    for (const line of p.inferred ?? []) lines.push(`  ${line} (inferred)`);
    for (const b of p.bindings) lines.push(`  {${b.param}} ← ${b.how}`);
    if (p.ownKey) lines.push(`  authorization ← ${p.ownKey}`);
    const runs = p.phases.filter((ph) => !ph.notRun);
    const skipped = p.phases.filter((ph) => ph.notRun);
    lines.push(`  runs:     ${runs.map((ph) => ph.phase).join(', ') || 'nothing'}`);
    for (const ph of skipped) lines.push(`  not run:  ${ph.phase} (${ph.notRun!.reason}: ${ph.notRun!.detail})`);
    const checks = [...new Set(runs.flatMap((ph) => ph.checks))];
    if (checks.length) lines.push(`  checks:   ${checks.join(', ')}`);
    const external = !p.externalSkip
      ? 'runs'
      : p.allowedDestructive
        ? `runs: named by --allow-destructive (${p.externalSkip})`
        : p.probedExternally
          ? `probed only, with path values that name nothing (${p.externalSkip}; --allow-destructive ${p.operationId} runs it)`
          : `skipped (${p.externalSkip}; --allow-destructive ${p.operationId} runs it)`;
    lines.push(`  on an external target: ${external}`);
  }
  return `${lines.join('\n')}\n`;
}
