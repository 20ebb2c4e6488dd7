// The screen pop's decisions: which number the softphone sent, how it reads, and what to do with
// the leads the lookup found.
import type { Lead } from '@/lib/leads-api';

/**
 * The `phone` parameter as the softphone meant it. A softphone that puts an E.164 number in the
 * URL unencoded (`?phone=+15125550134`) has its `+` read as a space by every URL parser; a leading
 * space before digits is that `+`. Blank gives null.
 */
export function phoneFromParam(value: string | null): string | null {
  if (value === null) return null;
  const restored = value.replace(/^ +(?=\d)/, '+').trim();
  return restored === '' ? null : restored;
}

/**
 * A number as people read it: North American numbers as (512) 555-0134, others as given
 * (E.164 without spaces). Numbers with an extension or letters are shown as given.
 */
export function formatPhone(raw: string): string {
  const text = raw.trim();
  if (/[^\d\s+().\-/]/.test(text)) return text;
  const digits = text.replace(/\D/g, '');
  const plus = text.startsWith('+');
  let national: string | null = null;
  if (!plus && digits.length === 10) national = digits;
  else if (digits.length === 11 && digits.startsWith('1')) national = digits.slice(1);
  if (national && /^[2-9]\d{2}[2-9]\d{6}$/.test(national)) {
    return `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`;
  }
  return plus ? `+${digits}` : text;
}

export type LookupOutcome =
  | { kind: 'none' }
  | { kind: 'one'; lead: Lead }
  | { kind: 'many'; leads: Lead[] };

/** None, exactly one (open it), or several (choose), most recently updated first. */
export function lookupOutcome(items: readonly Lead[]): LookupOutcome {
  if (items.length === 0) return { kind: 'none' };
  if (items.length === 1) return { kind: 'one', lead: items[0]! };
  const leads = [...items].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return { kind: 'many', leads };
}

/** "4817 Ridgeview Dr, Austin, TX 78745", or null without an address. */
export function formatAddress(address: Lead['address']): string | null {
  if (!address) return null;
  const street = [address.line1, address.line2].filter(Boolean).join(' ');
  const cityLine = [address.city, [address.state, address.postalCode].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  const text = [street, cityLine].filter(Boolean).join(', ');
  return text === '' ? null : text;
}

/** Where "Create a lead" goes: the leads page's new-lead dialog, prefilled with the number. */
export function newLeadPath(phone: string): string {
  return `/leads?${new URLSearchParams({ new: '1', phone }).toString()}`;
}
