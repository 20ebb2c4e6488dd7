// The lead's editable fields, grouped as the page shows them, and the round trip between a lead
// and a group's form: the form holds strings (what the inputs show), the patch is a JSON merge
// patch of only what changed (nested objects merge member by member; `phones` is replaced whole;
// null removes a member). Field paths are the server's (`claim.adjuster.email`), so the problem's
// field errors land on the right inputs.
import {
  centsToDollars,
  dollarsToCents,
  formatCents,
  lossTypeLabel,
  LOSS_TYPES,
  parsePercent,
  PHONE_TYPE_LABELS,
  PREFERRED_CONTACT_LABELS,
  type PhoneType,
} from '@/components/lead-detail-format';
import type { LeadPatch } from '@/lib/leads-api';
import type { Lead } from '@/lib/leads-api';

export type FieldKind =
  | 'text'
  | 'email'
  | 'tel'
  | 'multiline'
  | 'date'
  | 'datetime'
  | 'money'
  | 'percent'
  | 'select';

export interface FieldDef {
  /** The server's path, e.g. `claim.adjuster.email`. */
  path: string;
  label: string;
  kind: FieldKind;
  options?: readonly { value: string; label: string }[];
  required?: boolean;
  maxLength?: number;
  /** Takes the whole row of the form (long text). */
  wide?: boolean;
  autoComplete?: string;
}

export type GroupId = 'contact' | 'property' | 'claim' | 'adjuster' | 'money';

export interface FieldGroup {
  id: GroupId;
  title: string;
  fields: readonly FieldDef[];
  /** The group edits the phone list too. */
  phones?: boolean;
}

const LOSS_TYPE_OPTIONS = LOSS_TYPES.map((value) => ({ value, label: lossTypeLabel(value) }));
const PREFERRED_OPTIONS = Object.entries(PREFERRED_CONTACT_LABELS).map(([value, label]) => ({
  value,
  label,
}));

export const FIELD_GROUPS: readonly FieldGroup[] = [
  {
    id: 'contact',
    title: 'Contact',
    phones: true,
    fields: [
      { path: 'firstName', label: 'First name', kind: 'text', required: true, maxLength: 100, autoComplete: 'off' },
      { path: 'lastName', label: 'Last name', kind: 'text', required: true, maxLength: 100, autoComplete: 'off' },
      { path: 'email', label: 'Email', kind: 'email', maxLength: 254, autoComplete: 'off' },
      { path: 'preferredContact', label: 'Preferred contact', kind: 'select', options: PREFERRED_OPTIONS },
      { path: 'source', label: 'Lead source', kind: 'text', maxLength: 100 },
    ],
  },
  {
    id: 'property',
    title: 'Property address',
    fields: [
      { path: 'address.line1', label: 'Street address', kind: 'text', maxLength: 200, wide: true },
      { path: 'address.line2', label: 'Apartment, suite, unit', kind: 'text', maxLength: 200, wide: true },
      { path: 'address.city', label: 'City', kind: 'text', maxLength: 100 },
      { path: 'address.state', label: 'State', kind: 'text', maxLength: 100 },
      { path: 'address.postalCode', label: 'ZIP / postal code', kind: 'text', maxLength: 20 },
      { path: 'address.country', label: 'Country (2 letters)', kind: 'text', maxLength: 2 },
    ],
  },
  {
    id: 'claim',
    title: 'Claim',
    fields: [
      { path: 'claim.carrier', label: 'Carrier', kind: 'text', maxLength: 200 },
      { path: 'claim.lossType', label: 'Loss type', kind: 'select', options: LOSS_TYPE_OPTIONS },
      { path: 'claim.policyNumber', label: 'Policy number', kind: 'text', maxLength: 100 },
      { path: 'claim.policyForm', label: 'Policy form', kind: 'text', maxLength: 100 },
      { path: 'claim.claimNumber', label: 'Claim number', kind: 'text', maxLength: 100 },
      { path: 'claim.lorSignedAt', label: 'LOR signed', kind: 'datetime' },
      { path: 'claim.dateOfLoss', label: 'Date of loss', kind: 'date' },
      { path: 'claim.dateReported', label: 'Date reported', kind: 'date' },
      { path: 'claim.lossDescription', label: 'Loss description', kind: 'multiline', maxLength: 10000, wide: true },
    ],
  },
  {
    id: 'adjuster',
    title: "Carrier's adjuster",
    fields: [
      { path: 'claim.adjuster.name', label: 'Name', kind: 'text', maxLength: 100, wide: true },
      { path: 'claim.adjuster.phone', label: 'Phone', kind: 'tel', maxLength: 40 },
      { path: 'claim.adjuster.email', label: 'Email', kind: 'email', maxLength: 254 },
    ],
  },
  {
    id: 'money',
    title: 'Money',
    fields: [
      { path: 'claim.deductibleCents', label: 'Deductible', kind: 'money' },
      { path: 'claim.paEstimateCents', label: 'PA estimate', kind: 'money' },
      { path: 'claim.carrierEstimateCents', label: 'Carrier estimate', kind: 'money' },
      { path: 'claim.settlementCents', label: 'Settlement', kind: 'money' },
      { path: 'claim.feePercent', label: 'Fee', kind: 'percent' },
    ],
  },
];

export function groupById(id: GroupId): FieldGroup {
  const group = FIELD_GROUPS.find((g) => g.id === id);
  if (!group) throw new Error(`Unknown field group ${id}`);
  return group;
}

// ---- paths ----------------------------------------------------------------------------------

/** The value at a dotted path (`claim.adjuster.email`), or undefined. */
export function getPath(source: unknown, path: string): unknown {
  let value: unknown = source;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Sets a dotted path in a plain object, creating the objects on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  keys.slice(0, -1).forEach((key) => {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]!] = value;
}

// ---- values ---------------------------------------------------------------------------------

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An RFC 3339 instant as the value of <input type="datetime-local"> in the local zone. */
export function toLocalDateTimeInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}

/** What an input shows for a stored value. */
export function toInput(field: FieldDef, raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  switch (field.kind) {
    case 'money':
      return typeof raw === 'number' ? centsToDollars(raw) : '';
    case 'percent':
      return typeof raw === 'number' ? String(raw) : '';
    case 'datetime':
      return typeof raw === 'string' ? toLocalDateTimeInput(raw) : '';
    default:
      return String(raw);
  }
}

export type ParsedInput = { ok: true; value: unknown } | { ok: false; message: string };

/** The value to send for what an input holds: null for blank (removes the member). */
export function fromInput(field: FieldDef, input: string): ParsedInput {
  const text = input.trim();
  if (field.required && text === '') return { ok: false, message: `Enter the ${field.label.toLowerCase()}.` };
  if (text === '') return { ok: true, value: null };
  switch (field.kind) {
    case 'money': {
      const parsed = dollarsToCents(text);
      return parsed.ok ? { ok: true, value: parsed.cents } : parsed;
    }
    case 'percent': {
      const parsed = parsePercent(text);
      return parsed.ok ? { ok: true, value: parsed.value } : parsed;
    }
    case 'datetime': {
      const date = new Date(text);
      if (Number.isNaN(date.getTime())) return { ok: false, message: 'Enter a date and time.' };
      return { ok: true, value: date.toISOString() };
    }
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return { ok: false, message: 'Enter a date.' };
      return { ok: true, value: text };
    default:
      return { ok: true, value: text };
  }
}

/** A stored value as it reads on the page (view mode, activity, the conflict dialog). */
export function displayValue(field: FieldDef | undefined, raw: unknown): string {
  if (raw === null || raw === undefined || raw === '') return '';
  if (!field) return typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
  switch (field.kind) {
    case 'money':
      return typeof raw === 'number' ? formatCents(raw) : String(raw);
    case 'percent':
      return typeof raw === 'number' ? `${raw}%` : String(raw);
    case 'datetime': {
      const date = new Date(String(raw));
      return Number.isNaN(date.getTime())
        ? String(raw)
        : new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
    }
    case 'date': {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(raw));
      if (!match) return String(raw);
      const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
      return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
    }
    case 'select':
      return field.options?.find((o) => o.value === raw)?.label ?? String(raw);
    default:
      return String(raw);
  }
}

// ---- phones ---------------------------------------------------------------------------------

export interface PhoneInput {
  number: string;
  type: PhoneType;
  /** A call's disposition flagged it; kept through other edits, dropped when the number changes. */
  wrongNumber?: boolean;
}

export const MAX_PHONES = 5;

export function phonesFromLead(lead: Pick<Lead, 'phones'>): PhoneInput[] {
  return (lead.phones ?? []).map((p) => ({
    number: p.number,
    type: (p.type ?? 'mobile') as PhoneType,
    ...(p.wrongNumber ? { wrongNumber: true } : {}),
  }));
}

/** Phones as they read: "(512) 555-0134 (Mobile), 512.555.0172 (Work)". */
export function formatPhones(phones: readonly { number: string; type?: string }[] | null | undefined): string {
  return (phones ?? [])
    .map((p) => `${p.number} (${PHONE_TYPE_LABELS[(p.type ?? 'mobile') as PhoneType] ?? p.type})`)
    .join(', ');
}

function samePhones(a: readonly PhoneInput[], b: readonly PhoneInput[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (p, i) =>
        p.number.trim() === b[i]!.number.trim() && p.type === b[i]!.type && !!p.wrongNumber === !!b[i]!.wrongNumber,
    )
  );
}

// ---- the form of a group --------------------------------------------------------------------

export interface GroupForm {
  values: Record<string, string>;
  phones: PhoneInput[];
}

export function formFromLead(lead: Lead, group: FieldGroup): GroupForm {
  const values: Record<string, string> = {};
  for (const field of group.fields) values[field.path] = toInput(field, getPath(lead, field.path));
  return { values, phones: group.phones ? phonesFromLead(lead) : [] };
}

export interface GroupPatch {
  /** The merge patch; empty when nothing changed. */
  patch: LeadPatch;
  /** Paths the user changed (`phones` for the phone list). */
  changed: string[];
  /** Messages for inputs the server would refuse anyway, by path. */
  errors: Record<string, string>;
}

/**
 * The merge patch for what changed in a group's form, compared with the form as it was made from
 * `base` (the lead when editing began). Unchanged inputs are left out, so a concurrent change to
 * them on the server is kept.
 */
export function patchFromForm(base: Lead, group: FieldGroup, form: GroupForm): GroupPatch {
  const initial = formFromLead(base, group);
  const patch: Record<string, unknown> = {};
  const changed: string[] = [];
  const errors: Record<string, string> = {};
  for (const field of group.fields) {
    const input = form.values[field.path] ?? '';
    if (input === initial.values[field.path]) continue;
    const parsed = fromInput(field, input);
    if (!parsed.ok) {
      errors[field.path] = parsed.message;
      continue;
    }
    const before = getPath(base, field.path);
    if (parsed.value === (before ?? null)) continue;
    changed.push(field.path);
    setPath(patch, field.path, parsed.value);
  }
  if (group.phones && !samePhones(form.phones, initial.phones)) {
    const phones = form.phones
      .map((p) => ({ number: p.number.trim(), type: p.type, ...(p.wrongNumber ? { wrongNumber: true } : {}) }))
      .filter((p, i) => {
        if (p.number !== '') return true;
        // A row left blank is dropped, unless it was a number before (then say so).
        if (initial.phones[i]?.number) errors[`phones[${i}].number`] = 'Enter the number, or remove the phone.';
        return false;
      });
    changed.push('phones');
    patch.phones = phones.length > 0 ? phones : null;
  }
  return { patch: patch as LeadPatch, changed, errors };
}

/** Every field path an input of the group shows (for field errors). */
export function groupErrorPaths(group: FieldGroup, form: GroupForm): string[] {
  const paths = group.fields.map((f) => f.path);
  if (group.phones) {
    paths.push('phones');
    form.phones.forEach((_, i) => paths.push(`phones[${i}].number`, `phones[${i}].type`, `phones[${i}]`));
  }
  return paths;
}

/**
 * The form carried over to a newer lead: inputs the user changed keep the user's text, the others
 * take the newer lead's value (so saving later does not write back what the user never touched).
 */
export function rebaseForm(oldBase: Lead, newBase: Lead, group: FieldGroup, form: GroupForm): GroupForm {
  const before = formFromLead(oldBase, group);
  const after = formFromLead(newBase, group);
  const values: Record<string, string> = {};
  for (const field of group.fields) {
    const mine = form.values[field.path] ?? '';
    values[field.path] = mine === before.values[field.path] ? (after.values[field.path] ?? '') : mine;
  }
  const phones = group.phones && samePhones(form.phones, before.phones) ? after.phones : form.phones;
  return { values, phones };
}
