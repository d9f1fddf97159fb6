import type { Finding } from '../runner/types';

/**
 * A server stricter than the contract is a warning while the operation still accepts valid requests; an
 * operation that refused every valid request of the run (none answered 2xx/3xx) is broken for valid input:
 * its positive-data-acceptance findings are errors. Decided once the run is over, from every phase.
 */
export function escalateRefusals<F extends Finding>(findings: F[], reached2xx: (operationId: string) => boolean): F[] {
  return findings.map((f) => {
    if (f.checkId !== 'positive-data-acceptance' || f.severity !== 'warning' || reached2xx(f.operationId)) return f;
    return {
      ...f,
      severity: 'error',
      title: 'Every valid request refused',
      message: `${f.message} The operation accepted no valid request in the whole run.`,
    };
  });
}
