// The new-lead form's model: what the inputs hold, the POST /leads body made from it (trimmed,
// blanks left out), and the server's field paths mapped back to the inputs that show them.
import type { LeadCreate, LossType } from '@/lib/leads-api';

export type PhoneType = 'mobile' | 'home' | 'work';
export type PreferredContact = '' | 'phone' | 'email' | 'sms';

export interface PhoneDraft {
  number: string;
  type: PhoneType;
}

export interface NewLeadDraft {
  firstName: string;
  lastName: string;
  email: string;
  phones: PhoneDraft[];
  preferredContact: PreferredContact;
  address: {
    line1: string;
    line2: string;
    city: string;
    state: string;
    postalCode: string;
    country: string;
  };
  claim: {
    carrier: string;
    policyNumber: string;
    claimNumber: string;
    dateOfLoss: string;
    lossType: LossType | '';
    lossDescription: string;
  };
  adjuster: { name: string; phone: string; email: string };
  tags: string[];
}

export const MAX_PHONES = 5;
export const MAX_TAGS = 20;

export function emptyDraft(phone?: string | null): NewLeadDraft {
  return {
    firstName: '',
    lastName: '',
    email: '',
    phones: [{ number: phone?.trim() ?? '', type: 'mobile' }],
    preferredContact: '',
    address: { line1: '', line2: '', city: '', state: '', postalCode: '', country: 'US' },
    claim: {
      carrier: '',
      policyNumber: '',
      claimNumber: '',
      dateOfLoss: '',
      lossType: '',
      lossDescription: '',
    },
    adjuster: { name: '', phone: '', email: '' },
    tags: [],
  };
}

/** Names of the inputs in the order they appear, for focusing the first one at fault. */
export function fieldOrder(draft: NewLeadDraft): string[] {
  return [
    'firstName',
    'lastName',
    'email',
    ...draft.phones.flatMap((_, i) => [`phones[${i}].number`, `phones[${i}].type`]),
    'preferredContact',
    'address.line1',
    'address.line2',
    'address.city',
    'address.state',
    'address.postalCode',
    'address.country',
    'claim.carrier',
    'claim.policyNumber',
    'claim.claimNumber',
    'claim.dateOfLoss',
    'claim.lossType',
    'claim.lossDescription',
    'claim.adjuster.name',
    'claim.adjuster.phone',
    'claim.adjuster.email',
    'tags',
  ];
}

/** Omits blank strings; undefined when nothing is left. */
function compact<T extends Record<string, string>>(values: T): Partial<T> | undefined {
  const out: Partial<T> = {};
  let any = false;
  for (const [key, value] of Object.entries(values) as [keyof T, string][]) {
    const trimmed = value.trim();
    if (trimmed !== '') {
      out[key] = trimmed as T[keyof T];
      any = true;
    }
  }
  return any ? out : undefined;
}

/**
 * The POST /leads body. The generated LeadCreate makes `status` and `legalHold` required because
 * the contract gives them defaults; they are optional, and the form leaves them to the server.
 */
export type NewLeadBody = Omit<LeadCreate, 'status' | 'legalHold'>;

/** The body as the shared createLead mutation types it. */
export function asLeadCreate(body: NewLeadBody): LeadCreate {
  return body as LeadCreate;
}

export interface BuiltLead {
  body: NewLeadBody;
  /** phoneIndex[i] is the form row of phones[i] in the body (blank rows are left out). */
  phoneIndex: number[];
}

/** Tags as the server keeps them: trimmed, no blanks, duplicates (ignoring case) dropped. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    const trimmed = tag.trim();
    const key = trimmed.toLowerCase();
    if (trimmed === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(trimmed);
  }
  return out;
}

export function buildLeadCreate(draft: NewLeadDraft): BuiltLead {
  const phoneIndex: number[] = [];
  const phones = draft.phones
    .map((phone, i) => ({ phone, i }))
    .filter(({ phone }) => phone.number.trim() !== '')
    .map(({ phone, i }) => {
      phoneIndex.push(i);
      return { number: phone.number.trim(), type: phone.type };
    });
  const address = compact(draft.address);
  // A country alone (the form's default) is no address.
  const hasAddress = address && Object.keys(address).some((key) => key !== 'country');
  const adjuster = compact(draft.adjuster);
  const { lossType, ...claimText } = draft.claim;
  const claimFields = compact(claimText);
  const claim =
    claimFields || lossType || adjuster
      ? {
          ...claimFields,
          ...(lossType ? { lossType } : {}),
          ...(adjuster ? { adjuster } : {}),
        }
      : undefined;
  const tags = normalizeTags(draft.tags);
  const email = draft.email.trim();
  const body: NewLeadBody = {
    firstName: draft.firstName.trim(),
    lastName: draft.lastName.trim(),
    ...(email ? { email } : {}),
    ...(phones.length > 0 ? { phones } : {}),
    ...(draft.preferredContact ? { preferredContact: draft.preferredContact } : {}),
    ...(hasAddress ? { address } : {}),
    ...(claim ? { claim } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
  return { body, phoneIndex };
}

/** Checks made before asking the server (which checks everything again). */
export function validateDraft(draft: NewLeadDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (draft.firstName.trim() === '') errors.firstName = 'Enter a first name.';
  if (draft.lastName.trim() === '') errors.lastName = 'Enter a last name.';
  if (normalizeTags(draft.tags).length > MAX_TAGS) errors.tags = `At most ${MAX_TAGS} tags.`;
  return errors;
}

/**
 * The server's field errors under the names of the form's inputs: phone indices of the body are
 * turned back into form rows, and anything under `tags` goes to the tags input. Paths no input
 * shows keep their name (the form lists them in its alert).
 */
export function mapServerFieldErrors(
  fieldErrors: Record<string, string>,
  phoneIndex: readonly number[],
): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (name: string, message: string) => {
    out[name] = out[name] ? `${out[name]}; ${message}` : message;
  };
  for (const [path, message] of Object.entries(fieldErrors)) {
    const phone = /^phones\[(\d+)\](.*)$/.exec(path);
    if (phone) {
      const row = phoneIndex[Number(phone[1])];
      add(row === undefined ? 'phones' : `phones[${row}]${phone[2] || '.number'}`, message);
    } else if (path === 'tags' || path.startsWith('tags[')) {
      add('tags', message);
    } else if (path === 'claim.adjuster.phoneE164') {
      add('claim.adjuster.phone', message);
    } else {
      add(path, message);
    }
  }
  return out;
}
