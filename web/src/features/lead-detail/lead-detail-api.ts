// The lead page's own endpoint: the activity timeline as an infinite query ("Load more" follows
// `nextCursor`). When anything invalidates the lead's 'LeadActivity' tag (a patch, a note, a
// deadline — the shared mutations in src/lib/leads-api.ts do), RTK Query refetches the pages
// from the first one, so a new entry on top never leaves a gap or a duplicate between pages.
import { api } from '@/lib/base-api';
import { cleanParams, type ActivityPage } from '@/lib/leads-api';

export const ACTIVITY_PAGE_SIZE = 25;

export const leadDetailApi = api.injectEndpoints({
  endpoints: (build) => ({
    leadActivityFeed: build.infiniteQuery<ActivityPage, string, string | null>({
      infiniteQueryOptions: {
        initialPageParam: null,
        getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
      },
      query: ({ queryArg: id, pageParam }) => ({
        url: `leads/${encodeURIComponent(id)}/activity`,
        params: cleanParams({ limit: ACTIVITY_PAGE_SIZE, cursor: pageParam ?? undefined }),
      }),
      providesTags: (_result, _error, id) => [{ type: 'LeadActivity', id }],
    }),
  }),
});

export const { useLeadActivityFeedInfiniteQuery } = leadDetailApi;
