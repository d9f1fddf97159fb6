import type { Operation } from '../../contract/types';
import type { RunContext } from '../context';
import type { GeneratedCase } from './generated-case';

/** The label of a valid case whose body took learned values. */
export const TAMED_LABEL = 'tamed by learned rules';

/**
 * The case with its valid JSON body tamed by what earlier refusals taught (runner/learn.ts); unchanged when
 * nothing was learned. Only the positive phase tames (coverage keeps its boundaries); it does so as each case
 * is sent, so that a case takes what the windows before it taught.
 */
export function tamed(ctx: RunContext, operation: Operation, planned: GeneratedCase): GeneratedCase {
  const body = planned.request.body;
  if (planned.info.kind !== 'valid' || body?.kind !== 'json') return planned;
  const value = ctx.learner.tame(operation, body.value);
  if (value === body.value) return planned;
  return { ...planned, request: { ...planned.request, body: { kind: 'json', value } }, info: { ...planned.info, label: TAMED_LABEL } };
}

/** Whether a finding's case was tamed: its shrinks and simplifications are tamed (or labelled) alike. */
export function wasTamed(info: { kind: string; label?: string }): boolean {
  return info.kind === 'valid' && info.label === TAMED_LABEL;
}
