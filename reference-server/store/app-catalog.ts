/**
 * The fixed app catalogue: every provider the reference server knows, with how
 * it connects, its BYOC configuration fields, its tool catalogue (permission
 * definition), its predefined blocklist hosts and its credential stubs.
 *
 * Static data (not per-instance state). A provider not listed here is unknown:
 * the routes answer the documented 404 envelope.
 */

/** How an app connects (the documented `App.connectionType` enum). */
export type ConnectionType = 'oauth' | 'credentials_import' | 'api_key' | 'cloud_only';

/** One field of a BYOC configuration; secret ones are never returned in `settings`. */
export interface ConfigField {
  key: string;
  secret: boolean;
}

/** One way of connecting with directly supplied credentials (`POST /apps/{provider}/connect`). */
export interface ConnectMethod {
  id: string;
  fields: { key: string; label: string; required: boolean }[];
}

/** A tool of the documented `AppTool` schema. */
export interface CatalogTool {
  id: string;
  name: string;
  description: string;
}

/** The documented `AppToolGroup` schema. */
export interface CatalogToolGroup {
  category: 'read' | 'write';
  tools: CatalogTool[];
  wildcard: CatalogTool;
}

/** A predefined blocklist host of an app. */
export interface CatalogBlocklistHost {
  hostId: string;
  name: string;
  hostPattern: string;
}

export interface CatalogApp {
  /** Provider id, as in the `{provider}` path parameter. */
  id: string;
  name: string;
  available: boolean;
  connectionType: ConnectionType;
  /** Whether a BYOC configuration can be stored (then `configFields` is non-empty). */
  configurable: boolean;
  configFields: ConfigField[];
  /** Direct-credential methods, default first; empty for OAuth-only and unavailable apps. */
  connectMethods: ConnectMethod[];
  /** Whether the deployment environment provides OAuth credentials (GET /apps/env-defaults). */
  envDefault: boolean;
  /** OAuth consent page (the 302 target of the authorize operations). */
  authorizeUrl: string | null;
  /** Scopes granted to a connection. */
  scopes: string[];
  hint: string;
  /** The tool catalogue; null when the app has no permission definition. */
  toolGroups: CatalogToolGroup[] | null;
  blocklistHosts: CatalogBlocklistHost[];
  /** Files written into agent containers once the app is connected. */
  credentialStubs: { path: string; content: Record<string, unknown> }[];
}

const OAUTH_CLIENT: ConfigField[] = [
  { key: 'clientId', secret: false },
  { key: 'clientSecret', secret: true },
];

function tool(provider: string, id: string, name: string, description: string): CatalogTool {
  return { id: `${provider}:${id}`, name, description };
}

/** A read and a write group, each with its wildcard. */
function toolGroups(provider: string, appName: string, read: CatalogTool[], write: CatalogTool[]): CatalogToolGroup[] {
  return [
    {
      category: 'read',
      tools: read,
      wildcard: tool(provider, 'read:*', `All ${appName} read tools`, `Every read-only ${appName} tool`),
    },
    {
      category: 'write',
      tools: write,
      wildcard: tool(provider, 'write:*', `All ${appName} write tools`, `Every ${appName} tool that changes data`),
    },
  ];
}

const APPS: CatalogApp[] = [
  {
    id: 'github',
    name: 'GitHub',
    available: true,
    connectionType: 'oauth',
    configurable: true,
    configFields: OAUTH_CLIENT,
    connectMethods: [],
    envDefault: true,
    authorizeUrl: 'https://github.com/login/oauth/authorize',
    scopes: ['repo', 'read:user'],
    hint: 'Connect with OAuth. To use your own GitHub OAuth app, set clientId and clientSecret first.',
    toolGroups: toolGroups(
      'github',
      'GitHub',
      [
        tool('github', 'list_repos', 'List repositories', 'List repositories the connection can access'),
        tool('github', 'get_issue', 'Get an issue', 'Read one issue and its comments'),
        tool('github', 'list_pull_requests', 'List pull requests', 'List the pull requests of a repository'),
      ],
      [
        tool('github', 'create_issue', 'Create an issue', 'Open a new issue'),
        tool('github', 'merge_pull_request', 'Merge a pull request', 'Merge an open pull request'),
        tool('github', 'delete_repo', 'Delete a repository', 'Permanently delete a repository'),
      ],
    ),
    blocklistHosts: [
      { hostId: 'github-uploads', name: 'GitHub uploads', hostPattern: 'uploads.github.com' },
      { hostId: 'github-gist', name: 'GitHub Gist', hostPattern: 'gist.github.com' },
    ],
    credentialStubs: [
      { path: '~/.config/gh/hosts.yml', content: { 'github.com': { oauth_token: 'onecli-managed', git_protocol: 'https' } } },
    ],
  },
  {
    id: 'gmail',
    name: 'Gmail',
    available: true,
    connectionType: 'oauth',
    configurable: true,
    configFields: OAUTH_CLIENT,
    connectMethods: [],
    envDefault: false,
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    scopes: ['https://www.googleapis.com/auth/gmail.modify'],
    hint: 'Set your Google OAuth client (clientId, clientSecret) before connecting.',
    toolGroups: toolGroups(
      'gmail',
      'Gmail',
      [
        tool('gmail', 'search_messages', 'Search messages', 'Search the mailbox'),
        tool('gmail', 'get_message', 'Get a message', 'Read one message'),
      ],
      [
        tool('gmail', 'send_message', 'Send a message', 'Send an email'),
        tool('gmail', 'trash_message', 'Trash a message', 'Move a message to the trash'),
      ],
    ),
    blocklistHosts: [{ hostId: 'gmail-send', name: 'Gmail sending', hostPattern: 'gmail.googleapis.com' }],
    credentialStubs: [],
  },
  {
    id: 'google-calendar',
    name: 'Google Calendar',
    available: true,
    connectionType: 'oauth',
    configurable: true,
    configFields: OAUTH_CLIENT,
    connectMethods: [],
    envDefault: false,
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    scopes: ['https://www.googleapis.com/auth/calendar'],
    hint: 'Set your Google OAuth client (clientId, clientSecret) before connecting.',
    toolGroups: toolGroups(
      'google-calendar',
      'Google Calendar',
      [tool('google-calendar', 'list_events', 'List events', 'List upcoming events')],
      [tool('google-calendar', 'create_event', 'Create an event', 'Add an event to a calendar')],
    ),
    blocklistHosts: [],
    credentialStubs: [],
  },
  {
    id: 'slack',
    name: 'Slack',
    available: true,
    connectionType: 'oauth',
    configurable: true,
    configFields: OAUTH_CLIENT,
    connectMethods: [],
    envDefault: true,
    authorizeUrl: 'https://slack.com/oauth/v2/authorize',
    scopes: ['channels:read', 'chat:write'],
    hint: 'Connect with OAuth and pick the workspace.',
    toolGroups: toolGroups(
      'slack',
      'Slack',
      [tool('slack', 'list_channels', 'List channels', 'List public channels')],
      [tool('slack', 'post_message', 'Post a message', 'Post a message to a channel')],
    ),
    blocklistHosts: [{ hostId: 'slack-files', name: 'Slack file uploads', hostPattern: 'files.slack.com' }],
    credentialStubs: [],
  },
  {
    id: 'notion',
    name: 'Notion',
    available: true,
    connectionType: 'oauth',
    configurable: false,
    configFields: [],
    connectMethods: [],
    envDefault: true,
    authorizeUrl: 'https://api.notion.com/v1/oauth/authorize',
    scopes: [],
    hint: 'Connect with OAuth and choose the pages to share.',
    toolGroups: toolGroups(
      'notion',
      'Notion',
      [tool('notion', 'search', 'Search', 'Search pages and databases')],
      [tool('notion', 'create_page', 'Create a page', 'Create a page in a database')],
    ),
    blocklistHosts: [],
    credentialStubs: [],
  },
  {
    id: 'linear',
    name: 'Linear',
    available: true,
    connectionType: 'api_key',
    configurable: false,
    configFields: [],
    connectMethods: [{ id: 'api_key', fields: [{ key: 'apiKey', label: 'API key', required: true }] }],
    envDefault: false,
    authorizeUrl: null,
    scopes: [],
    hint: 'Create a personal API key in Linear settings and paste it as apiKey.',
    toolGroups: toolGroups(
      'linear',
      'Linear',
      [tool('linear', 'list_issues', 'List issues', 'List issues of a team')],
      [tool('linear', 'create_issue', 'Create an issue', 'Create an issue')],
    ),
    blocklistHosts: [],
    credentialStubs: [],
  },
  {
    id: 'stripe',
    name: 'Stripe',
    available: true,
    connectionType: 'api_key',
    configurable: false,
    configFields: [],
    connectMethods: [
      { id: 'secret_key', fields: [{ key: 'secretKey', label: 'Secret key', required: true }] },
      { id: 'restricted_key', fields: [{ key: 'restrictedKey', label: 'Restricted key', required: true }] },
    ],
    envDefault: false,
    authorizeUrl: null,
    scopes: [],
    hint: 'Paste a secret key (secretKey) or a restricted key (method restricted_key, restrictedKey).',
    toolGroups: null,
    blocklistHosts: [{ hostId: 'stripe-files', name: 'Stripe file uploads', hostPattern: 'files.stripe.com' }],
    credentialStubs: [],
  },
  {
    id: 'aws',
    name: 'AWS',
    available: true,
    connectionType: 'credentials_import',
    configurable: false,
    configFields: [],
    connectMethods: [
      {
        id: 'access_key',
        fields: [
          { key: 'accessKeyId', label: 'Access key ID', required: true },
          { key: 'secretAccessKey', label: 'Secret access key', required: true },
          { key: 'region', label: 'Region', required: false },
        ],
      },
    ],
    envDefault: false,
    authorizeUrl: null,
    scopes: [],
    hint: 'Import an access key pair; agents get a stub credentials file.',
    toolGroups: null,
    blocklistHosts: [],
    credentialStubs: [
      {
        path: '~/.aws/credentials',
        content: { default: { aws_access_key_id: 'onecli-managed', aws_secret_access_key: 'onecli-managed' } },
      },
    ],
  },
  {
    id: 'salesforce',
    name: 'Salesforce',
    available: false,
    connectionType: 'cloud_only',
    configurable: false,
    configFields: [],
    connectMethods: [],
    envDefault: false,
    authorizeUrl: null,
    scopes: [],
    hint: 'Not available on this server.',
    toolGroups: null,
    blocklistHosts: [],
    credentialStubs: [],
  },
];

/** Every catalogue app, in catalogue order. */
export function catalogApps(): readonly CatalogApp[] {
  return APPS;
}

/** The app with this provider id (exact, case-sensitive), or undefined. */
export function findCatalogApp(provider: string): CatalogApp | undefined {
  return APPS.find((app) => app.id === provider);
}
