// The lead endpoints every feature shares (grid, lead page, board, dashboard, deadlines, screen
// pop, command menu): features never import each other, so the entity's API lives here, and
// each feature adds only what is its own with `api.injectEndpoints`. Tags: 'Lead' with the id
// for one lead, 'Lead' LIST for every list or search, 'LeadActivity' per lead, 'Deadline' LIST
// for the cross-lead deadlines, 'Summary' for the dashboard counts.
import type { components, paths } from './api-types';
import { api } from './base-api';

type Schemas = components['schemas'];
export type Lead = Schemas['Lead'];
export type LeadCreate = Schemas['LeadCreate'];
export type LeadWrite = Schemas['LeadWrite'];
/** A JSON merge patch of a lead: only what changes (LeadWrite marks defaulted members required). */
export type LeadPatch = Partial<LeadWrite>;
export type LeadPage = Schemas['LeadPage'];
export type LeadStatus = Schemas['LeadStatus'];
export type LossType = Schemas['LossType'];
export type Deadline = Schemas['Deadline'];
export type DeadlineKind = Schemas['DeadlineKind'];
export type DeadlineCreate = Schemas['DeadlineCreate'];
export type DeadlineWrite = Schemas['DeadlineWrite'];
export type DeadlinePage = Schemas['DeadlinePage'];
export type ActivityEntry = Schemas['ActivityEntry'];
export type ActivityPage = Schemas['ActivityPage'];
export type LeadSummary = Schemas['LeadSummary'];
export type LeadListParams = NonNullable<paths['/api/v1/leads']['get']['parameters']['query']>;
export type DeadlineListParams = NonNullable<
  paths['/api/v1/deadlines']['get']['parameters']['query']
>;

/** Every status in pipeline order, lost last (as the server's AllLeadStatuses). */
export const LEAD_STATUSES: readonly LeadStatus[] = [
  'new',
  'contacted',
  'qualified',
  'inspection_scheduled',
  'lor_signed',
  'claim_filed',
  'negotiating',
  'settled',
  'lost',
];

/** Query parameters without the empty ones, so cache keys do not differ by `q=`. */
export function cleanParams<T extends object>(params: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as Partial<T>;
}

/** A lead with the ETag its reply carried (the version, for If-Match). */
export interface LeadWithEtag {
  lead: Lead;
  etag: string;
}

const LIST = { type: 'Lead' as const, id: 'LIST' };

export const leadsApi = api.injectEndpoints({
  endpoints: (build) => ({
    listLeads: build.query<LeadPage, LeadListParams>({
      query: (params) => ({ url: 'leads', params: cleanParams(params) }),
      providesTags: (page) => [
        LIST,
        ...(page?.items ?? []).map((lead) => ({ type: 'Lead' as const, id: lead.id })),
      ],
    }),
    getLead: build.query<Lead, string>({
      query: (id) => `leads/${encodeURIComponent(id)}`,
      providesTags: (_lead, _error, id) => [{ type: 'Lead', id }],
    }),
    createLead: build.mutation<Lead, LeadCreate>({
      query: (body) => ({ url: 'leads', method: 'POST', body }),
      invalidatesTags: [LIST, 'Summary'],
    }),
    /** JSON merge patch; `version` goes out as If-Match (a 412 means someone else saved). */
    patchLead: build.mutation<Lead, { id: string; patch: LeadPatch; version?: number }>({
      query: ({ id, patch, version }) => ({
        url: `leads/${encodeURIComponent(id)}`,
        method: 'PATCH',
        body: patch,
        headers: {
          'Content-Type': 'application/merge-patch+json',
          ...(version !== undefined ? { 'If-Match': `"${version}"` } : {}),
        },
      }),
      invalidatesTags: (_lead, error, { id }) =>
        error ? [] : [{ type: 'Lead', id }, LIST, { type: 'LeadActivity', id }, 'Summary',
          { type: 'Deadline', id: 'LIST' }],
    }),
    deleteLead: build.mutation<void, string>({
      query: (id) => ({ url: `leads/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: (_r, _e, id) => [{ type: 'Lead', id }, LIST, 'Summary'],
    }),
    restoreLead: build.mutation<Lead, string>({
      query: (id) => ({ url: `leads/${encodeURIComponent(id)}/restore`, method: 'POST' }),
      invalidatesTags: (_r, _e, id) => [{ type: 'Lead', id }, LIST, 'Summary'],
    }),
    lookupLeadsByPhone: build.query<{ items: Lead[] }, string>({
      query: (phone) => ({ url: 'leads/lookup', params: { phone } }),
      providesTags: [LIST],
    }),
    getLeadActivity: build.query<ActivityPage, { id: string; limit?: number; cursor?: string }>({
      query: ({ id, ...params }) => ({
        url: `leads/${encodeURIComponent(id)}/activity`,
        params: cleanParams(params),
      }),
      providesTags: (_p, _e, { id }) => [{ type: 'LeadActivity', id }],
    }),
    addNote: build.mutation<unknown, { id: string; text: string }>({
      query: ({ id, text }) => ({
        url: `leads/${encodeURIComponent(id)}/notes`,
        method: 'POST',
        body: { text },
      }),
      invalidatesTags: (_r, error, { id }) =>
        error ? [] : [{ type: 'LeadActivity', id }, { type: 'Lead', id }],
    }),
    addDeadline: build.mutation<Lead, { id: string; deadline: DeadlineCreate }>({
      query: ({ id, deadline }) => ({
        url: `leads/${encodeURIComponent(id)}/deadlines`,
        method: 'POST',
        body: deadline,
      }),
      invalidatesTags: (_r, error, { id }) =>
        error ? [] : [{ type: 'Lead', id }, { type: 'LeadActivity', id },
          { type: 'Deadline', id: 'LIST' }, 'Summary'],
    }),
    patchDeadline: build.mutation<
      Lead,
      { id: string; deadlineId: string; patch: DeadlineWrite; version?: number }
    >({
      query: ({ id, deadlineId, patch, version }) => ({
        url: `leads/${encodeURIComponent(id)}/deadlines/${encodeURIComponent(deadlineId)}`,
        method: 'PATCH',
        body: patch,
        headers: version !== undefined ? { 'If-Match': `"${version}"` } : {},
      }),
      invalidatesTags: (_r, error, { id }) =>
        error ? [] : [{ type: 'Lead', id }, { type: 'LeadActivity', id },
          { type: 'Deadline', id: 'LIST' }, 'Summary'],
    }),
    deleteDeadline: build.mutation<Lead, { id: string; deadlineId: string }>({
      query: ({ id, deadlineId }) => ({
        url: `leads/${encodeURIComponent(id)}/deadlines/${encodeURIComponent(deadlineId)}`,
        method: 'DELETE',
      }),
      invalidatesTags: (_r, error, { id }) =>
        error ? [] : [{ type: 'Lead', id }, { type: 'LeadActivity', id },
          { type: 'Deadline', id: 'LIST' }, 'Summary'],
    }),
    listDeadlines: build.query<DeadlinePage, DeadlineListParams>({
      query: (params) => ({ url: 'deadlines', params: cleanParams(params) }),
      providesTags: [{ type: 'Deadline', id: 'LIST' }],
    }),
    getLeadSummary: build.query<LeadSummary, { utcOffsetMinutes: number }>({
      query: (params) => ({ url: 'leads/summary', params }),
      providesTags: ['Summary'],
    }),
  }),
});

export const {
  useListLeadsQuery,
  useLazyListLeadsQuery,
  useGetLeadQuery,
  useCreateLeadMutation,
  usePatchLeadMutation,
  useDeleteLeadMutation,
  useRestoreLeadMutation,
  useLookupLeadsByPhoneQuery,
  useGetLeadActivityQuery,
  useAddNoteMutation,
  useAddDeadlineMutation,
  usePatchDeadlineMutation,
  useDeleteDeadlineMutation,
  useListDeadlinesQuery,
  useGetLeadSummaryQuery,
} = leadsApi;

/** The caller's offset from UTC in minutes east, as the API's utcOffsetMinutes wants it. */
export function utcOffsetMinutes(date = new Date()): number {
  return -date.getTimezoneOffset();
}
