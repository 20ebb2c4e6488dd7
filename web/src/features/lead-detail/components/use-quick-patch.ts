// One-click changes of the lead (assignee, legal hold, tags): a merge patch with If-Match = the
// lead's version. A refusal is kept to show beside the controls; on a 412 the lead is fetched
// again, so the user sees the current state before trying again.
import { useState } from 'react';
import { useAppDispatch } from '@/app/hooks';
import { useToast } from '@/components/toast-context';
import { problemFromError } from '@/lib/problem';
import type { LeadPatch } from '@/lib/leads-api';
import { leadsApi, usePatchLeadMutation, type Lead } from '@/lib/leads-api';

export const STALE_DETAIL =
  'Someone else changed this lead meanwhile. It has been reloaded: check it and try again.';

export function useQuickPatch(lead: Lead) {
  const [patchLead, { isLoading }] = usePatchLeadMutation();
  const [error, setError] = useState<unknown>(null);
  const dispatch = useAppDispatch();
  const toast = useToast();

  const save = async (patch: LeadPatch, success: string): Promise<boolean> => {
    setError(null);
    try {
      await patchLead({ id: lead.id, patch: patch, version: lead.version }).unwrap();
      toast.success(success);
      return true;
    } catch (caught) {
      const info = problemFromError(caught);
      if (info?.status === 412) {
        setError({ ...info, detail: STALE_DETAIL });
        void dispatch(leadsApi.endpoints.getLead.initiate(lead.id, { subscribe: false, forceRefetch: true }));
      } else {
        setError(caught);
      }
      return false;
    }
  };

  return { save, saving: isLoading, error, clearError: () => setError(null) };
}
