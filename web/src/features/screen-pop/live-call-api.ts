// The call behind a contact center contact (GET /calls?contactId=), for the screen pop of a
// live call: polled while the contact center's events fill it in.
import { api } from '@/lib/base-api';
import type { components } from '@/lib/api-types';

export type LiveCall = components['schemas']['Call'];

export const liveCallApi = api.injectEndpoints({
  endpoints: (build) => ({
    getCallByContact: build.query<LiveCall | null, string>({
      query: (contactId) => ({ url: 'calls', params: { contactId } }),
      transformResponse: (page: { items: LiveCall[] }) => page.items[0] ?? null,
    }),
  }),
});

export const { useGetCallByContactQuery } = liveCallApi;
