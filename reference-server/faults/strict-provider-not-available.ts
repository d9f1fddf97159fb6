import { catalogApps, type CatalogApp } from '../store/index.ts';
import { forOperations, refuseBeforeHandler } from './refuse-before-handler.ts';
import type { Fault } from './types.ts';

/**
 * A deployment that does not enable every provider its catalogue lists (as a real server's provider registry
 * depends on what the deployment ships and configures): the four operations documenting "400: Validation
 * error or provider not available" (authorizeApp, connectApp, authorizeOrgApp, connectOrgApp) answer 400 flat
 * `Provider "<provider>" is not available` (the real server's message, shared/onecli-api operations.json)
 * for the listed providers that are not usable here.
 *
 * Not usable here: the catalogue's apps that are unavailable or that neither connect by OAuth nor with an API
 * key, i.e. `salesforce` (unavailable, Cloud only) and `aws` (credentials import). The correct server already
 * refuses both on the authorize operations (not OAuth apps) and `salesforce` on the connect operations (400
 * envelope); what this adds is refusing `aws` credentials the correct server accepts. Every OAuth app (github,
 * gmail, google-calendar, slack, notion) and every API-key app (linear, stripe) goes on: the documented
 * example of the connect operations (`linear` with `{"fields": {"apiKey": "sk-..."}}`) is still accepted, and
 * so is authorizing github. An unknown provider is left to the route (404).
 */
const notUsable = (app: CatalogApp) => !app.available || (app.connectionType !== 'oauth' && app.connectionType !== 'api_key');

/** The catalogue's providers the fault refuses, for tests. */
export const NOT_USABLE_PROVIDERS: readonly string[] = catalogApps()
  .filter(notUsable)
  .map((app) => app.id);

const PROVIDER_OPERATIONS = ['authorizeApp', 'connectApp', 'authorizeOrgApp', 'connectOrgApp'];

export const strictProviderNotAvailable = {
  id: 'strict-provider-not-available',
  description:
    'The authorize and connect operations (project and organization) answer 400 flat \'Provider "aws" is not available\' ' +
    'for the catalogue providers not usable here (aws, salesforce), whatever the request.',
  wrap: refuseBeforeHandler(
    forOperations(PROVIDER_OPERATIONS, (_, req) => {
      const provider = req.match?.params['provider'];
      return provider !== undefined && NOT_USABLE_PROVIDERS.includes(provider) ? `Provider "${provider}" is not available` : undefined;
    }),
  ),
} as const satisfies Fault;
