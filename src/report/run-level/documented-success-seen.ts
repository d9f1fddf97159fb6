import type { RunLevelCheck, RunLevelOutcome } from './types';

/** A documented 2xx: an exact code or the 2XX range. */
const SUCCESS = /^2(\d\d|XX)$/;

export const documentedSuccessSeen: RunLevelCheck = {
  id: 'documented-success-seen',
  severity: 'error',
  doc:
    'Opt-in (named in --checks): every documented 2xx status of an exercised operation must have been returned ' +
    'at least once in the run. A documented success the server never gives is a promise clients cannot rely on, ' +
    'or a sign that valid requests do not get through. Judged once the run is over, from the response-coverage ' +
    'scorecard: it fails only where the run sent valid requests that reached the operation and the status never ' +
    'came (answered otherwise); a status kept from the target by the safety rule, a missing credential, or phases ' +
    'that did not run is not judged. An operation documenting alternatives (200 or 204) must show both.',
  judge({ scorecard }) {
    return scorecard.operations.map((op): RunLevelOutcome => {
      const successes = op.documented.filter((d) => SUCCESS.test(d.status));
      const missing = successes.filter((d) => d.notSeen?.reason === 'answered-otherwise');
      if (missing.length) {
        const statuses = missing.map((d) => d.status);
        const other = op.reached2xx ? 'another success status returned' : 'no success status returned';
        return {
          operationId: op.operationId,
          status: 'failed',
          violation: {
            title: 'Documented success status never returned',
            message: `Documented ${statuses.join(', ')} never returned in the whole run, although valid requests reached the operation: ${missing[0]!.notSeen!.detail}.`,
            received: op.documented.filter((d) => d.seen > 0).map((d) => d.status),
            documented: successes.map((d) => d.status),
            cause: other,
          },
        };
      }
      // Passed only when every documented success was seen; one not seen for another reason was not judged.
      const judged = successes.length > 0 && successes.every((d) => d.seen > 0);
      return { operationId: op.operationId, status: judged ? 'passed' : 'skipped' };
    });
  },
};
