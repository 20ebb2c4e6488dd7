// The one RTK Query API of the app. Features add endpoints with `api.injectEndpoints` in their
// own folder; tags drive cache invalidation across them.
import { createApi } from '@reduxjs/toolkit/query/react';
import { baseQueryWithReauth } from './base-query';

export const TAG_TYPES = [
  'Me',
  'User',
  'ApiKey',
  'Audit',
  'Lead',
  'LeadActivity',
  'Summary',
  'ImportJob',
  'Deadline',
  'Document',
  'Call',
] as const;

export type TagType = (typeof TAG_TYPES)[number];

export const api = createApi({
  reducerPath: 'api',
  baseQuery: baseQueryWithReauth,
  tagTypes: TAG_TYPES,
  endpoints: () => ({}),
});
