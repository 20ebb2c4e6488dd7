// Endpoints only the leads grid uses: the import job poll. The lead endpoints themselves are shared in
// src/lib/leads-api.ts.
import type { components } from '@/lib/api-types';
import { api } from '@/lib/base-api';

export type ImportJob = components['schemas']['ImportJob'];
export type ImportRowError = components['schemas']['ImportRowError'];

export const leadsFeatureApi = api.injectEndpoints({
  endpoints: (build) => ({
    getLeadImport: build.query<ImportJob, string>({
      query: (id) => `lead-imports/${encodeURIComponent(id)}`,
      providesTags: (_job, _error, id) => [{ type: 'ImportJob', id }],
      keepUnusedDataFor: 0,
    }),
  }),
});

export const { useGetLeadImportQuery } = leadsFeatureApi;
