// The signed-in user's own record (GET /api/v1/users/me), shared by the shell and the profile.
import type { User } from './api-schema';
import { api } from './base-api';

export const meApi = api.injectEndpoints({
  endpoints: (build) => ({
    getMe: build.query<User, void>({
      query: () => 'users/me',
      providesTags: ['Me'],
    }),
  }),
});

export const { useGetMeQuery } = meApi;
