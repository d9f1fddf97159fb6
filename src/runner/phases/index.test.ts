import { describe, expect, it } from 'vitest';
import { PHASES } from '../types';
import { PLANNED } from './index';

describe('phases › registry', () => {
  it('lists every phase of the run once, in the order the run runs them', () => {
    expect(Object.keys(PLANNED)).toEqual(PHASES);
  });

  it('probes an operation kept from an external target only in the phases that do not bind paths', () => {
    expect(PHASES.filter((p) => PLANNED[p].probes)).toEqual(['coverage', 'positive', 'negative', 'auth']);
  });

  it('keeps only the methods phase from a read-only run for sending unsafe methods', () => {
    expect(PHASES.filter((p) => PLANNED[p].unsafeMethods)).toEqual(['methods']);
  });
});
