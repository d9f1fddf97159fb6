/**
 * Partner portal members. Every partner has exactly one owner, created with the
 * partner's first member look-up when none exists (the seed and tests add
 * partners without members).
 */
import { randomUUID } from 'node:crypto';
import type { Store } from './store.ts';

export type PartnerMemberRole = 'owner' | 'admin' | 'member';

export interface PartnerMemberRecord {
  userId: string;
  partnerId: string;
  email: string;
  role: PartnerMemberRole;
  createdAt: string;
}

/** The partner's members, owner first, then oldest first. */
export function partnerMembersOf(store: Store, partnerId: string): PartnerMemberRecord[] {
  let members = [...store.partnerMembers.values()].filter((m) => m.partnerId === partnerId);
  if (!members.some((m) => m.role === 'owner')) {
    const partner = store.partners.get(partnerId);
    const owner: PartnerMemberRecord = {
      userId: randomUUID(),
      partnerId,
      email: 'partner-owner@example.com',
      role: 'owner',
      createdAt: partner?.createdAt ?? new Date().toISOString(),
    };
    store.partnerMembers.set(owner.userId, owner);
    members = [owner, ...members];
  }
  return members.sort((a, b) => Number(b.role === 'owner') - Number(a.role === 'owner') || a.createdAt.localeCompare(b.createdAt));
}

/** The partner's member with this user id, or undefined. */
export function findPartnerMember(store: Store, partnerId: string, userId: string): PartnerMemberRecord | undefined {
  return partnerMembersOf(store, partnerId).find((m) => m.userId === userId);
}

/** Adds a member (the caller checked the email is not taken). */
export function insertPartnerMember(store: Store, partnerId: string, email: string, role: 'admin' | 'member'): PartnerMemberRecord {
  const record: PartnerMemberRecord = { userId: randomUUID(), partnerId, email, role, createdAt: new Date().toISOString() };
  store.partnerMembers.set(record.userId, record);
  return record;
}
