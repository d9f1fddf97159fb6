/** Random credentials in the formats the real server issues (`<prefix>` + 64 lower-case hex). */
import { randomBytes } from 'node:crypto';

function hex64(): string {
  return randomBytes(32).toString('hex');
}

/** A project API key, `oc_` + 64 hex. */
export function projectApiKey(): string {
  return `oc_${hex64()}`;
}

/** An organization API key, `oc_org_` + 64 hex. */
export function orgApiKey(): string {
  return `oc_org_${hex64()}`;
}

/** A partner API key, `oc_partner_` + 64 hex. */
export function partnerApiKey(): string {
  return `oc_partner_${hex64()}`;
}

/** An agent gateway access token, `aoc_` + 64 hex. */
export function agentAccessToken(): string {
  return `aoc_${hex64()}`;
}
