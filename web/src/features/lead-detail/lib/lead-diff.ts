// What changed on the server while the user was editing (a 412 on save): every writable field
// whose value differs between the lead the user started from and the lead as it is now, with the
// user's own edit beside it when they changed that field too.
import {
  displayValue,
  FIELD_GROUPS,
  formatPhones,
  fromInput,
  getPath,
  type FieldDef,
  type GroupForm,
} from './lead-fields';
import type { Lead } from '@/lib/leads-api';
import { statusLabel } from '@/components/status-colors';

/** The fields compared, beyond the edit groups' own: how each reads. */
interface DiffField {
  path: string;
  label: string;
  read: (lead: Lead) => unknown;
  show: (value: unknown, ctx: DiffContext) => string;
  /** The input's definition, to show the user's edit as typed. */
  def?: FieldDef;
}

export interface DiffContext {
  /** A user id as a name. */
  userLabel: (id: string) => string;
}

function normalize(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'null';
  return JSON.stringify(value);
}

const EXTRA_FIELDS: DiffField[] = [
  { path: 'status', label: 'Status', read: (l) => l.status, show: (v) => (v ? statusLabel(String(v)) : '') },
  {
    path: 'assignedTo',
    label: 'Assignee',
    read: (l) => l.assignedTo,
    show: (v, ctx) => (typeof v === 'string' && v ? ctx.userLabel(v) : 'Unassigned'),
  },
  {
    path: 'tags',
    label: 'Tags',
    read: (l) => (l.tags && l.tags.length > 0 ? l.tags : null),
    show: (v) => (Array.isArray(v) ? v.join(', ') : ''),
  },
  {
    path: 'legalHold',
    label: 'Legal hold',
    read: (l) => l.legalHold,
    show: (v) => (v ? 'On' : 'Off'),
  },
];

const PHONES_FIELD: DiffField = {
  path: 'phones',
  label: 'Phones',
  read: (l) =>
    l.phones && l.phones.length > 0
      ? l.phones.map((p) => ({ number: p.number, type: p.type ?? 'mobile' }))
      : null,
  show: (v) => (Array.isArray(v) ? formatPhones(v as { number: string; type?: string }[]) : ''),
};

export const DIFF_FIELDS: readonly DiffField[] = [
  ...EXTRA_FIELDS,
  ...FIELD_GROUPS.flatMap((group) => [
    ...group.fields.map<DiffField>((def) => ({
      path: def.path,
      label: group.id === 'adjuster' ? `Adjuster ${def.label.toLowerCase()}` : def.label,
      read: (l) => getPath(l, def.path),
      show: (v) => displayValue(def, v),
      def,
    })),
    ...(group.phones ? [PHONES_FIELD] : []),
  ]),
];

export interface DiffRow {
  path: string;
  label: string;
  /** As the user had it when they began editing. */
  before: string;
  /** As it is on the server now. */
  server: string;
  /** The user's edit, when they changed this field too. */
  mine: string | null;
}

/**
 * The fields that differ between `base` (what the user started from) and `server` (the lead now),
 * in page order. `mine` (the form and the paths the user changed) adds the user's edits.
 */
export function diffLeads(
  base: Lead,
  server: Lead,
  ctx: DiffContext,
  mine?: { form: GroupForm; changed: readonly string[] },
): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const field of DIFF_FIELDS) {
    const a = field.read(base);
    const b = field.read(server);
    if (normalize(a) === normalize(b)) continue;
    let mineText: string | null = null;
    if (mine?.changed.includes(field.path)) {
      if (field.path === 'phones') {
        mineText = formatPhones(mine.form.phones.filter((p) => p.number.trim() !== ''));
      } else if (field.def) {
        const input = mine.form.values[field.path] ?? '';
        const parsed = fromInput({ ...field.def, required: false }, input);
        mineText = parsed.ok ? displayValue(field.def, parsed.value) : input.trim();
      }
    }
    rows.push({
      path: field.path,
      label: field.label,
      before: field.show(a, ctx),
      server: field.show(b, ctx),
      mine: mineText,
    });
  }
  return rows;
}

/** Whether the lead changed between the two, in the fields of a group's form. */
export function groupChanged(base: Lead, now: Lead, paths: readonly string[]): boolean {
  return DIFF_FIELDS.some(
    (f) => paths.includes(f.path) && normalize(f.read(base)) !== normalize(f.read(now)),
  );
}

const FIELD_BY_PATH = new Map<string, DiffField>(DIFF_FIELDS.map((f) => [f.path, f]));

/** A field path as people read it: `claim.adjuster.email` → "Adjuster email". */
export function fieldLabel(path: string): string {
  const known = FIELD_BY_PATH.get(path);
  if (known) return known.label;
  const last = path.split('.').pop() ?? path;
  const words = last.replace(/Cents$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A stored value of a field as people read it ("" for none). */
export function fieldValueText(path: string, value: unknown, ctx: DiffContext): string {
  if (value === null || value === undefined || value === '') return '';
  const known = FIELD_BY_PATH.get(path);
  if (known) return known.show(value, ctx);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
