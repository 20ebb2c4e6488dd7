// The Calls tab's endpoints. Tags: 'Call' with the lead id for a lead's list; a change also
// invalidates the lead's timeline and the lead (a disposition may add a deadline, move the
// status or flag a phone).
import { api } from '@/lib/base-api';
import type { components } from '@/lib/api-types';

type Schemas = components['schemas'];
export type LeadCall = Schemas['Call'];
export type NewCall = Schemas['NewCall'];
export type CallPatch = Schemas['CallPatch'];
export type CallTranscript = Schemas['CallTranscript'];
export type TranscriptTurn = CallTranscript['turns'][number];

const changed = (leadId: string) => [
  { type: 'Call' as const, id: leadId },
  { type: 'LeadActivity' as const, id: leadId },
  { type: 'Lead' as const, id: leadId },
];

export const callsApi = api.injectEndpoints({
  endpoints: (build) => ({
    listLeadCalls: build.query<{ items: LeadCall[] }, string>({
      query: (leadId) => `leads/${encodeURIComponent(leadId)}/calls`,
      providesTags: (_r, _e, leadId) => [{ type: 'Call', id: leadId }],
    }),
    logCall: build.mutation<LeadCall, NewCall & { leadId: string }>({
      query: (call) => ({ url: 'calls', method: 'POST', body: call }),
      invalidatesTags: (_r, error, { leadId }) => (error ? [] : changed(leadId)),
    }),
    patchCall: build.mutation<LeadCall, { leadId: string; id: string; version: number; patch: CallPatch }>({
      query: ({ id, version, patch }) => ({
        url: `calls/${encodeURIComponent(id)}`,
        method: 'PATCH',
        body: patch,
        headers: { 'If-Match': `"${version}"` },
      }),
      invalidatesTags: (_r, error, { leadId }) => (error ? [] : changed(leadId)),
    }),
    getCallTranscript: build.query<CallTranscript, string>({
      query: (id) => `calls/${encodeURIComponent(id)}/transcript`,
    }),
    // A mutation, not a query: every URL handed out is audited and short-lived, so none is cached.
    callRecordingUrl: build.mutation<{ url: string; expiresAt: string }, string>({
      query: (id) => ({ url: `calls/${encodeURIComponent(id)}/recording` }),
    }),
  }),
});

export const {
  useListLeadCallsQuery,
  useLogCallMutation,
  usePatchCallMutation,
  useCallRecordingUrlMutation,
  useGetCallTranscriptQuery,
} = callsApi;
