// What every tab of the lead page receives (see lead-tabs.tsx).
import type { Lead } from '@/lib/leads-api';

export interface LeadTabProps {
  lead: Lead;
  /** The lead is deleted (admins can still read it): show, don't offer changes. */
  readOnly: boolean;
}
