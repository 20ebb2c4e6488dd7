// The Documents tab's endpoints. A document's upload goes straight to the presigned URL the
// create answers (see lib/presigned-upload.ts), never through the API. Tags: 'Document' with
// the lead id for a lead's list; changes also invalidate the lead's timeline and the lead (its
// stage gate depends on the documents).
import { api } from '@/lib/base-api';
import type { components } from '@/lib/api-types';

type Schemas = components['schemas'];
export type LeadDocument = Schemas['Document'];
export type DocumentCategory = Schemas['DocumentCategory'];

export interface DocumentUpload {
  method: 'PUT';
  url: string;
  headers: Record<string, string>;
  expiresAt: string;
}

export interface CreatedDocument {
  document: LeadDocument;
  upload: DocumentUpload;
}

export interface NewDocument {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  category: DocumentCategory;
}

const changed = (leadId: string) => [
  { type: 'Document' as const, id: leadId },
  { type: 'LeadActivity' as const, id: leadId },
  { type: 'Lead' as const, id: leadId },
];

export const documentsApi = api.injectEndpoints({
  endpoints: (build) => ({
    listLeadDocuments: build.query<{ items: LeadDocument[] }, string>({
      query: (leadId) => `leads/${encodeURIComponent(leadId)}/documents`,
      providesTags: (_r, _e, leadId) => [{ type: 'Document', id: leadId }],
    }),
    createDocument: build.mutation<CreatedDocument, { leadId: string; document: NewDocument }>({
      query: ({ leadId, document }) => ({
        url: `leads/${encodeURIComponent(leadId)}/documents`,
        method: 'POST',
        body: document,
      }),
      invalidatesTags: (_r, error, { leadId }) => (error ? [] : [{ type: 'Document', id: leadId }]),
    }),
    patchDocument: build.mutation<
      LeadDocument,
      { leadId: string; id: string; patch: Partial<Pick<LeadDocument, 'fileName' | 'category'>> }
    >({
      query: ({ id, patch }) => ({ url: `documents/${encodeURIComponent(id)}`, method: 'PATCH', body: patch }),
      invalidatesTags: (_r, error, { leadId }) => (error ? [] : changed(leadId)),
    }),
    deleteDocument: build.mutation<void, { leadId: string; id: string }>({
      query: ({ id }) => ({ url: `documents/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: (_r, error, { leadId }) => (error ? [] : changed(leadId)),
    }),
    // A mutation, not a query: every URL handed out is audited and short-lived, so none is cached.
    documentDownloadUrl: build.mutation<
      { url: string; expiresAt: string },
      { id: string; disposition: 'attachment' | 'inline' }
    >({
      query: ({ id, disposition }) => ({
        url: `documents/${encodeURIComponent(id)}/download`,
        params: { disposition },
      }),
    }),
  }),
});

export const {
  useListLeadDocumentsQuery,
  useCreateDocumentMutation,
  usePatchDocumentMutation,
  useDeleteDocumentMutation,
  useDocumentDownloadUrlMutation,
} = documentsApi;
