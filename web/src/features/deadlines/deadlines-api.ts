// The deadlines page's list: GET /api/v1/deadlines as an infinite query ("Load more" follows
// nextCursor). It provides the same tag as the shared listDeadlines, so marking a deadline done
// anywhere (usePatchDeadlineMutation) refetches every loaded page.
import { api } from '@/lib/base-api';
import { cleanParams, type DeadlineListParams, type DeadlinePage } from '@/lib/leads-api';

export type DeadlineQuery = Omit<DeadlineListParams, 'cursor'>;

export const deadlinesApi = api.injectEndpoints({
  endpoints: (build) => ({
    listDeadlinePages: build.infiniteQuery<DeadlinePage, DeadlineQuery, string | null>({
      infiniteQueryOptions: {
        initialPageParam: null,
        getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
      },
      query: ({ queryArg, pageParam }) => ({
        url: 'deadlines',
        params: cleanParams({ ...queryArg, cursor: pageParam ?? undefined }),
      }),
      providesTags: [{ type: 'Deadline', id: 'LIST' }],
    }),
  }),
});

export const { useListDeadlinePagesInfiniteQuery } = deadlinesApi;
