/** Public surface of the embedded reference server. */
export { startReferenceServer } from './server.ts';
export type { ReferenceServerOptions, RunningReferenceServer } from './server.ts';
export { createApp, API_PREFIX } from './app.ts';
export type { App, AppOptions, AppRequestInit, TestResponse } from './app.ts';
export type { SeedKeys } from './store/index.ts';
export type { UserData } from './store/lived-in.ts';
export { editions } from './edition.ts';
export type { Edition } from './edition.ts';
export { faultIds } from './faults/index.ts';
export type { FaultId } from './faults/index.ts';
export { FAULT_SETS, faultSetNames } from './faults/sets.ts';
export type { FaultSetName } from './faults/sets.ts';
