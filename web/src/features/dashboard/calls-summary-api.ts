// The dashboard's calls figures (GET /calls/summary): calls per day and the week's dispositions.
import { api } from '@/lib/base-api';
import type { components } from '@/lib/api-types';

export type CallSummary = components['schemas']['CallSummary'];

export const callsSummaryApi = api.injectEndpoints({
  endpoints: (build) => ({
    getCallSummary: build.query<CallSummary, { days: number; utcOffsetMinutes: number }>({
      query: ({ days, utcOffsetMinutes }) => ({ url: 'calls/summary', params: { days, utcOffsetMinutes } }),
      providesTags: [{ type: 'Call', id: 'SUMMARY' }],
    }),
  }),
});

export const { useGetCallSummaryQuery } = callsSummaryApi;
