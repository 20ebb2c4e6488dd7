// The calls page's endpoints: calls across leads (filtered; unmatched ones for managers), linking
// an unmatched call to a lead, and making a lead from one.
import { api } from '@/lib/base-api';
import type { components, paths } from '@/lib/api-types';

type Schemas = components['schemas'];
export type Call = Schemas['Call'];
export type CallListParams = NonNullable<paths['/api/v1/calls']['get']['parameters']['query']>;
export interface CallPage {
  items: Call[];
  nextCursor: string | null;
}

const LIST = { type: 'Call' as const, id: 'LIST' };

export const callsPageApi = api.injectEndpoints({
  endpoints: (build) => ({
    listCalls: build.query<CallPage, CallListParams>({
      query: (params) => ({
        url: 'calls',
        params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')),
      }),
      providesTags: [LIST],
    }),
    linkCall: build.mutation<Call, { id: string; version: number; leadId: string }>({
      query: ({ id, version, leadId }) => ({
        url: `calls/${encodeURIComponent(id)}`,
        method: 'PATCH',
        body: { leadId },
        headers: { 'If-Match': `"${version}"` },
      }),
      invalidatesTags: (_r, error, { leadId }) =>
        error ? [] : [LIST, { type: 'Call', id: leadId }, { type: 'LeadActivity', id: leadId }],
    }),
    createLeadFromCall: build.mutation<{ lead: Schemas['Lead']; call: Call }, { id: string; firstName: string; lastName: string }>({
      query: ({ id, firstName, lastName }) => ({
        url: `calls/${encodeURIComponent(id)}/create-lead`,
        method: 'POST',
        body: { firstName, lastName },
      }),
      invalidatesTags: (_r, error) => (error ? [] : [LIST, { type: 'Lead', id: 'LIST' }, 'Summary']),
    }),
  }),
});

export const { useListCallsQuery, useLinkCallMutation, useCreateLeadFromCallMutation } = callsPageApi;
