import { forOperations, isObject, refuseBeforeHandler, type Refusal } from './refuse-before-handler.ts';
import type { Fault } from './types.ts';

/**
 * Names are trimmed before their length is checked (Zod `.trim().min(n)`; shared/onecli-api NOTES.md §4:
 * "agent name, secret name, rule name, user name, labels"), so a whitespace-only value, which the docs'
 * minLength allows, is refused: 400 flat `name: Too small: expected string to have >=1 characters`.
 *
 * Fields (top level of the body; a non-string is left to the route's own validation):
 * - `name`, at least 1 after trimming: agents (createAgent, renameAgent), secrets of projects, organizations
 *   and partners (create and update), rules of projects and organizations (create and update), the user
 *   (updateUser). updateOrgRule documents no minLength for `name`; the project bound (1) is applied, as the
 *   public code that served organization rules shares the project rule's validator (NOTES.md §4.2).
 * - `label`, at least 1: the connection renames (renameConnection, renameOrgConnection). The connect
 *   operations' optional `label` has no minLength and a blank one is already read as "no label": untouched.
 * - `name`, at least 2: projects (createProject, updateProject, createPartnerProject).
 *
 * Whitespace is what `String.prototype.trim` removes; the trimmed length is counted as Zod counts, in UTF-16
 * code units (never shorter than the code-point count the docs use, so nothing else is refused).
 */
const at = (field: string, min: number): Refusal => (body) => {
  const value = isObject(body) ? body[field] : undefined;
  if (typeof value !== 'string' || value.trim().length >= min) return undefined;
  return `${field}: Too small: expected string to have >=${min} characters`;
};

const NAME_OPERATIONS = [
  'createAgent',
  'renameAgent',
  'createSecret',
  'updateSecret',
  'createOrgSecret',
  'updateOrgSecret',
  'createPartnerSecret',
  'updatePartnerSecret',
  'createRule',
  'updateRule',
  'createOrgRule',
  'updateOrgRule',
  'updateUser',
];

const TRIMMED = {
  ...forOperations(NAME_OPERATIONS, at('name', 1)),
  ...forOperations(['renameConnection', 'renameOrgConnection'], at('label', 1)),
  ...forOperations(['createProject', 'updateProject', 'createPartnerProject'], at('name', 2)),
};

/** The operations the fault checks, for tests. */
export const TRIM_OPERATIONS: readonly string[] = Object.keys(TRIMMED);

export const strictTrim = {
  id: 'strict-trim',
  description:
    'Names and connection labels are trimmed before their minimum length is checked: a whitespace-only name ' +
    '(agents, secrets, rules, user, projects) or label answers 400 flat "name: Too small: expected string to have >=1 characters".',
  wrap: refuseBeforeHandler(TRIMMED),
} as const satisfies Fault;
