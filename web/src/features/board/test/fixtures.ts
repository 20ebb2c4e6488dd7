// Leads for the board's tests.
import type { Lead, LeadStatus } from '@/lib/leads-api';

let serial = 0;

export function boardLead(status: LeadStatus, overrides: Partial<Lead> = {}): Lead {
  serial += 1;
  return {
    id: `lead_${status}_${serial}`,
    firstName: 'Lead',
    lastName: `${status} ${serial}`,
    status,
    legalHold: false,
    deadlines: [],
    claim: { lossType: 'hail', carrier: 'Lone Star Mutual' },
    assignedTo: 'usr_alex',
    createdAt: '2025-06-02T16:20:31.512Z',
    createdBy: 'usr_alex',
    updatedAt: '2025-06-09T19:03:44.207Z',
    version: 3,
    ...overrides,
  } as Lead;
}
