// The lead page's tabs, in the order they show. The page renders exactly what this array lists
// (the tab strip, the `?tab=` in the URL, the panels), so adding a tab is a one-file change:
// write a component that takes LeadTabProps (the lead, and readOnly for a deleted lead) and add
// an entry here. `count`, when given, shows a number beside the label.
import type { ComponentType } from 'react';
import type { Lead } from '@/lib/leads-api';
import { ActivityTab } from './activity-tab';
import { CallsTab } from './calls-tab';
import { DeadlinesTab } from './deadlines-tab';
import { DocumentsTab } from './documents-tab';
import type { LeadTabProps } from './lead-tab-types';
import { NotesTab } from './notes-tab';

export interface LeadTab {
  /** In the URL (`?tab=notes`); stable, lower-case. */
  id: string;
  label: string;
  component: ComponentType<LeadTabProps>;
  /** A number to show beside the label (e.g. open deadlines); nothing for 0 or undefined. */
  count?: (lead: Lead) => number | undefined;
}

export const LEAD_TABS: readonly LeadTab[] = [
  { id: 'activity', label: 'Activity', component: ActivityTab },
  { id: 'calls', label: 'Calls', component: CallsTab },
  { id: 'documents', label: 'Documents', component: DocumentsTab },
  { id: 'notes', label: 'Notes', component: NotesTab },
  {
    id: 'deadlines',
    label: 'Deadlines',
    component: DeadlinesTab,
    count: (lead) => (lead.deadlines ?? []).filter((d) => !d.doneAt).length,
  },
];

/** The tab for an id from the URL; the first one for a missing or unknown id. */
export function tabById(id: string | null | undefined, tabs: readonly LeadTab[] = LEAD_TABS): LeadTab {
  return tabs.find((tab) => tab.id === id) ?? tabs[0]!;
}
