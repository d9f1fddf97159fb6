import { additionalItemAdded } from './additional-item-added';
import { additionalPropertyAdded } from './additional-property-added';
import { anyOfUnmatched } from './any-of-unmatched';
import { constMiss } from './const-miss';
import { containsMissing } from './contains-missing';
import { dependentRequiredMissing } from './dependent-required-missing';
import { enumMiss } from './enum-miss';
import { formatBroken } from './format-broken';
import { maxItemsExceeded } from './max-items-exceeded';
import { maxLengthExceeded } from './max-length-exceeded';
import { maxPropertiesExceeded } from './max-properties-exceeded';
import { maximumViolated } from './maximum-violated';
import { minItemsViolated } from './min-items-violated';
import { minLengthViolated } from './min-length-violated';
import { minPropertiesViolated } from './min-properties-violated';
import { minimumViolated } from './minimum-violated';
import { multipleOfBroken } from './multiple-of-broken';
import { notMatched } from './not-matched';
import { nullGiven } from './null-given';
import { oneOfUnmatched } from './one-of-unmatched';
import { patternBroken } from './pattern-broken';
import { propertyNameBroken } from './property-name-broken';
import { requiredMissing } from './required-missing';
import { typeChanged } from './type-changed';
import { uniqueItemsBroken } from './unique-items-broken';
import type { Mutation } from './types';

export type { BoundaryCandidate, Mutation, MutationCandidate, MutationContext, MutationId } from './types';

/** Every mutation `invalidValue` and `boundaryValues` apply, grouped by the type they break. */
export const mutations: readonly Mutation[] = [
  // any type
  typeChanged,
  nullGiven,
  enumMiss,
  constMiss,
  notMatched,
  anyOfUnmatched,
  oneOfUnmatched,
  // string
  minLengthViolated,
  maxLengthExceeded,
  patternBroken,
  formatBroken,
  // number
  minimumViolated,
  maximumViolated,
  multipleOfBroken,
  // array
  minItemsViolated,
  maxItemsExceeded,
  uniqueItemsBroken,
  containsMissing,
  additionalItemAdded,
  // object
  requiredMissing,
  additionalPropertyAdded,
  minPropertiesViolated,
  maxPropertiesExceeded,
  dependentRequiredMissing,
  propertyNameBroken,
];
