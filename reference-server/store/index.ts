export { Store } from './store.ts';
export { seedStore } from './seed.ts';
export type { SeedKeys } from './seed.ts';
export { insertAgent, projectAgents, findAgent } from './agents.ts';
export { agentAccessToken } from './tokens.ts';
export { insertSecret, fullSecret, projectSecrets, findSecret, deleteSecret } from './secrets.ts';
export type { SecretType, SecretValueSource, InjectionConfig, OpDisplay, SecretDetails, FullSecret, NewSecret } from './secrets.ts';
export type * from './types.ts';
