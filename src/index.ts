/**
 * onecli-conformance as a library: run a whole conformance run from code and get its report.
 *
 *   import { runConformance } from 'onecli-conformance';
 *   const { report, exitCode } = await runConformance({ target: 'http://localhost:10254/v1', credentials: { apiKey } });
 */
export { type ConformanceOptions, type ConformanceResult, runConformance } from './run-conformance';
export type { Cause, OperationReport, Report, ReportFinding, Verdict } from './report/types';
export type { Credentials } from './runner/credentials';
export type { Edition } from './contract/types';
export { EngineError, type EngineErrorCode } from './errors';
export { EXIT } from './cli/exit-codes';
export { type ConformanceConfig, type OperationOverride, defineConfig } from './config/types';
