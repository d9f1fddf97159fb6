import type { Operation, ResponseSpec } from '../../contract/types';
import { scorecardOf } from '../scorecard';
import type { Report } from '../types';

/**
 * The documented statuses of the sample report's operations (sample-report.ts builds its contract from four
 * fields only), so that report tests can show a scorecard with every kind of cell: seen, seen through a
 * range, not seen for each reason the sample's phases give, assumed (`!`), and answered but undocumented.
 */
const DOCUMENTED: Record<string, string[]> = {
  listAgents: ['200', '401', '500!'],
  createAgent: ['201', '400', '401', '409', '500!'],
  deleteAgent: ['204', '401', '4XX', '500!'],
  listSecrets: ['200', '401', '500!'],
  createSecret: ['201', '400', '401', '500!'],
  setDefaultAgent: ['200', '404'],
  listPartnerOrganizations: ['200', '401'],
  getBilling: ['200', '401'],
};

/** The sample report with the scorecard buildReport would attach had its contract documented {@link DOCUMENTED}. */
export function withScorecard(report: Report): Report {
  const contract = report.operations.map((o) => {
    const responses: Record<string, ResponseSpec> = {};
    for (const s of DOCUMENTED[o.operationId] ?? []) {
      const status = s.replace('!', '');
      responses[status] = { status, requiredHeaders: [], ...(s.endsWith('!') ? { assumed: true as const } : {}) };
    }
    return { operationId: o.operationId, method: o.method, path: o.path, tag: o.tag, responses } as Operation;
  });
  return { ...report, scorecard: scorecardOf(contract, report.operations) };
}
