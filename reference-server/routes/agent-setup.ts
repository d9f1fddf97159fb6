/**
 * Agent Setup tag: what an agent container needs to run behind the gateway, as
 * documented. There is no gateway process here: the proxy URL points at the
 * conventional gateway address, the CA certificate is a stable placeholder PEM
 * (never "not available", so the documented 503 does not occur), and API keys
 * are never handed out — only `placeholder` values the gateway would swap.
 */
import { randomBytes } from 'node:crypto';
import { HttpError } from '../errors.ts';
import { json, markdown } from '../http.ts';
import type { AgentRecord, SecretType, Store } from '../store/index.ts';
import { fullSecret, inheritedSecrets, projectAgents } from '../store/index.ts';
import type { RouteDef } from './types.ts';

/** Where agent containers reach the gateway. */
export const GATEWAY_ADDRESS = 'host.docker.internal:10255';
export const CA_CONTAINER_PATH = '/tmp/onecli-gateway-ca.pem';
const CODEX_FILE_PATH = '~/.codex/auth.json';
const CODEX_CONTAINER_PATH = '/root/.codex/auth.json';
const PLACEHOLDER = 'placeholder';

/** A PEM-shaped placeholder for the gateway CA (random per process; not a usable certificate). */
const CA_CERTIFICATE = (() => {
  const base64 = randomBytes(576).toString('base64');
  const lines = base64.match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN CERTIFICATE-----\n${lines}\n-----END CERTIFICATE-----\n`;
})();

/** The frameworks that have a credential stub file. */
const STUB_AGENTS = ['codex'] as const;

const NO_DEFAULT_AGENT = HttpError.envelope(404, 'not_found_error', 'No default agent found');
const agentNotFound = (identifier: string) =>
  HttpError.envelope(404, 'not_found_error', `No agent with identifier "${identifier}" exists in this project.`);
const stubNotFound = (agent: string) => HttpError.envelope(404, 'not_found_error', `No credential stub for agent "${agent}"`);

/** Types of the secrets the agent may use: every project and inherited secret in mode `all`, else the assigned ones. */
function secretTypesOf(store: Store, agent: AgentRecord): Set<SecretType> {
  const own = [...store.secrets.values()].filter(
    (s) => s.projectId === agent.projectId && (agent.secretMode === 'all' || agent.secretIds.has(s.id)),
  );
  const types = new Set(own.map((s) => fullSecret(s).type));
  if (agent.secretMode === 'all') {
    for (const s of inheritedSecrets(store, agent.projectId)) types.add(s.type);
  }
  return types;
}

/** The codex `auth.json` stub: an API-key login whose key the gateway replaces. */
function codexStubContent(): string {
  return `${JSON.stringify({ OPENAI_API_KEY: PLACEHOLDER }, null, 2)}\n`;
}

function containerConfig(store: Store, agent: AgentRecord) {
  const proxy = `http://x:${agent.accessToken}@${GATEWAY_ADDRESS}`;
  const types = secretTypesOf(store, agent);
  const env: Record<string, string> = {
    HTTPS_PROXY: proxy,
    HTTP_PROXY: proxy,
    https_proxy: proxy,
    http_proxy: proxy,
    NODE_EXTRA_CA_CERTS: CA_CONTAINER_PATH,
    NODE_USE_ENV_PROXY: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_HTTP_PROXY_AUTHMETHOD: 'basic',
  };
  if (types.has('anthropic')) env['ANTHROPIC_API_KEY'] = PLACEHOLDER;
  if (types.has('openai')) env['OPENAI_API_KEY'] = PLACEHOLDER;
  const credentialStubs = types.has('openai') ? [{ containerPath: CODEX_CONTAINER_PATH, content: codexStubContent() }] : [];
  const warnings =
    types.has('anthropic') || types.has('openai')
      ? []
      : ['No LLM API key is available to this agent: add an Anthropic or OpenAI secret to the project.'];
  return { env, caCertificate: CA_CERTIFICATE, caCertificateContainerPath: CA_CONTAINER_PATH, credentialStubs, warnings };
}

/** The gateway skill document, for one agent framework (lower-cased) or in general. */
function gatewaySkill(framework: string | undefined): string {
  const audience = framework ? ` (${framework})` : '';
  return [
    `# Working behind the OneCLI gateway${audience}`,
    '',
    'Every outbound HTTP(S) request of this agent goes through the OneCLI gateway (`HTTPS_PROXY`).',
    '',
    '- Do not ask for API keys: call the API directly; the gateway injects the matching credential.',
    '- Environment variables set to `placeholder` are swapped by the gateway on the wire; leave them as they are.',
    `- Trust the gateway CA (\`${CA_CONTAINER_PATH}\`, already set in \`NODE_EXTRA_CA_CERTS\`).`,
    '- A request may be blocked, rate limited, or held for manual approval by a project rule; a held request',
    '  completes once someone approves it, so wait rather than retry.',
    '',
  ].join('\n');
}

export const agentSetupRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/container-config',
    operationId: 'getContainerConfig',
    auth: 'project',
    handler: (ctx) => {
      const agents = projectAgents(ctx.store, ctx.projectId());
      const identifier = ctx.req.query.get('agent');
      const agent = identifier === null ? agents.find((a) => a.isDefault) : agents.find((a) => a.identifier === identifier);
      if (!agent) throw identifier === null ? NO_DEFAULT_AGENT : agentNotFound(identifier);
      return json(200, containerConfig(ctx.store, agent));
    },
  },
  {
    method: 'GET',
    path: '/credential-stubs',
    operationId: 'listCredentialStubs',
    auth: 'project',
    handler: () => json(200, { agents: [...STUB_AGENTS] }),
  },
  {
    method: 'GET',
    path: '/credential-stubs/{agent}',
    operationId: 'getCredentialStub',
    auth: 'project',
    handler: (ctx) => {
      const agent = ctx.params['agent']!;
      if (agent !== 'codex') throw stubNotFound(agent);
      return json(200, { agent, filePath: CODEX_FILE_PATH, content: codexStubContent(), authMode: 'api-key', permissions: '0600' });
    },
  },
  {
    method: 'GET',
    path: '/skill/gateway',
    operationId: 'getGatewaySkill',
    auth: 'project',
    handler: (ctx) => markdown(200, gatewaySkill(ctx.req.query.get('agent_framework')?.toLowerCase() || undefined)),
  },
];
