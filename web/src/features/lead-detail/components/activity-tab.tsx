// The Activity tab: the whole timeline.
import { ActivityList } from './activity-list';
import type { LeadTabProps } from './lead-tab-types';

export function ActivityTab({ lead }: LeadTabProps) {
  return (
    <ActivityList
      lead={lead}
      label="Activity"
      empty={{
        title: 'No activity yet',
        description: 'Status changes, edits, notes and deadlines will show here as they happen.',
      }}
    />
  );
}
