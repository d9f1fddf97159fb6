/**
 * Operations that act on the caller's own key or organization. The run never sends them with the user's
 * credentials (that would rotate the user's key, or detach the user's organization); it first creates a
 * resource whose answer carries a key of its own, and uses that key.
 */
export const OWN_KEYS: Record<string, { producer: string; field: string; givesAway?: string }> = {
  // rotates the API key it is called with: use the key of a project the run created
  regenerateApiKey: { producer: 'createProject', field: 'apiKey' },
  // detaches the calling organization from its partner: use a partner organization the run created
  detachFromPartner: {
    producer: 'createPartnerOrg',
    field: 'orgApiKey',
    givesAway: 'detached from the partner by detachFromPartner, so the partner can no longer delete it (as documented)',
  },
};
