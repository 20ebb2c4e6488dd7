// A lead as the server answers it, for the lead page's tests.
import type { Lead } from '@/lib/leads-api';

export const LEAD_ID = 'lead_01jdb3k9m2q7r4s8t6v5w3x2yz';
export const ADMIN_ID = 'usr_admin';

export function makeLead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: LEAD_ID,
    firstName: 'Maria',
    lastName: 'Gonzalez',
    email: 'maria.gonzalez@example.com',
    phones: [{ number: '(512) 555-0134', e164: '+15125550134', type: 'mobile' }],
    preferredContact: 'phone',
    address: { line1: '4817 Ridgeview Dr', city: 'Austin', state: 'TX', postalCode: '78745', country: 'US' },
    status: 'lor_signed',
    source: 'Storm canvass',
    assignedTo: ADMIN_ID,
    tags: ['hail-2025', 'roof'],
    legalHold: false,
    claim: {
      carrier: 'Lone Star Mutual Insurance',
      policyNumber: 'HO-4471932-TX',
      lossType: 'hail',
      dateOfLoss: '2025-05-28',
      deductibleCents: 250000,
      paEstimateCents: 3184250,
      feePercent: 10,
      adjuster: { name: 'Dale Whitaker', phone: '(214) 555-0187', phoneE164: '+12145550187' },
    },
    deadlines: [],
    createdAt: '2025-06-02T16:20:31.512Z',
    createdBy: ADMIN_ID,
    updatedAt: '2025-06-09T19:03:44.207Z',
    version: 7,
    ...overrides,
  } as Lead;
}
