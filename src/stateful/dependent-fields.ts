/**
 * Fields a server keeps only while another field of the resource has a given value. After an update, such a
 * field is compared only when the read shows its condition holds: OneCLI keeps a secret's 1Password
 * reference only for a secret whose value comes from 1Password (an inline secret reads `opRef: null`,
 * whatever an update sent), so a lost `opRef` on an inline secret is the documented behaviour, not a lost update.
 */
export const DEPENDENT_FIELDS: Record<string, { on: string; equals: unknown }> = {
  opRef: { on: 'valueSource', equals: 'onepassword' },
  opDisplay: { on: 'valueSource', equals: 'onepassword' },
};
