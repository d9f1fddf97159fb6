/** The fault registry: a plain list. A new fault is one file plus one line here. */
import { fiveHundredOnLongNames } from './500-on-long-names.ts';
import { acceptsInvalidBody } from './accepts-invalid-body.ts';
import { auth401Flat } from './auth-401-flat.ts';
import { validation400Envelope } from './validation-400-envelope.ts';
import { wrongPropertyType } from './wrong-property-type.ts';

export const faults = [
  // error shapes
  auth401Flat,
  validation400Envelope,
  // negative data
  acceptsInvalidBody,
  // response schemas
  wrongPropertyType,
  // server errors
  fiveHundredOnLongNames,
] as const;

export type FaultId = (typeof faults)[number]['id'];

export const faultIds: readonly FaultId[] = faults.map((fault) => fault.id);
