/**
 * Partner Members tag (Cloud; partner key, which acts with admin rights):
 * the people who can sign in to the partner portal. The owner's role cannot be
 * changed and the owner cannot be removed (403 envelope); an email already a
 * member (case-insensitive) is a 409 envelope.
 */
import { HttpError } from '../errors.ts';
import { json, noContent } from '../http.ts';
import type { PartnerMemberRecord } from '../store/index.ts';
import { findPartnerMember, insertPartnerMember, partnerMembersOf } from '../store/index.ts';
import type { Validator } from '../validation.ts';
import { enumOf, object, parseBody, string } from '../validation.ts';
import { CLOUD_ONLY, callerPartnerId } from './org-context.ts';
import type { Context, RouteDef } from './types.ts';

/** JSON Schema `format: email` as Ajv's ajv-formats checks it (its default "fast" mode). */
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

function email(): Validator<string> {
  const text = string({ maxLength: 255 });
  return (value, field) => {
    const checked = text(value, field);
    if (!EMAIL.test(checked)) throw HttpError.validation(`${field} must be a valid email address`);
    return checked;
  };
}

const assignableRole = () => enumOf(['admin', 'member']);
const addMemberBody = object({ email: email(), role: assignableRole() });
const changeRoleBody = object({ role: assignableRole() });

const MEMBER_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Member not found');
const ALREADY_MEMBER = HttpError.envelope(409, 'invalid_request_error', 'This email is already a partner member');
const OWNER_ROLE_FIXED = HttpError.envelope(403, 'authentication_error', "The partner owner's role cannot be changed");
const OWNER_NOT_REMOVABLE = HttpError.envelope(403, 'authentication_error', 'The partner owner cannot be removed');

/** The documented `PartnerMember` schema. */
function memberView(member: PartnerMemberRecord) {
  return { userId: member.userId, email: member.email, role: member.role, createdAt: member.createdAt };
}

/** The caller partner's member named by `userId`, or the 404 envelope. */
function memberOf(ctx: Context): PartnerMemberRecord {
  const member = findPartnerMember(ctx.store, callerPartnerId(ctx), ctx.params['userId']!);
  if (!member) throw MEMBER_NOT_FOUND;
  return member;
}

export const partnerMembersRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/partner/members',
    operationId: 'listPartnerMembers',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => json(200, partnerMembersOf(ctx.store, callerPartnerId(ctx)).map(memberView)),
  },
  {
    method: 'POST',
    path: '/partner/members',
    operationId: 'addPartnerMember',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, addMemberBody);
      const partnerId = callerPartnerId(ctx);
      const taken = partnerMembersOf(ctx.store, partnerId).some((m) => m.email.toLowerCase() === body.email.toLowerCase());
      if (taken) throw ALREADY_MEMBER;
      return json(201, memberView(insertPartnerMember(ctx.store, partnerId, body.email, body.role)));
    },
  },
  {
    method: 'PATCH',
    path: '/partner/members/{userId}/role',
    operationId: 'changePartnerMemberRole',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, changeRoleBody);
      const member = memberOf(ctx);
      if (member.role === 'owner') throw OWNER_ROLE_FIXED;
      member.role = body.role;
      return json(200, { success: true });
    },
  },
  {
    method: 'DELETE',
    path: '/partner/members/{userId}',
    operationId: 'removePartnerMember',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const member = memberOf(ctx);
      if (member.role === 'owner') throw OWNER_NOT_REMOVABLE;
      ctx.store.partnerMembers.delete(member.userId);
      return noContent();
    },
  },
];
