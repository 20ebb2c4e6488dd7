// The signed-in user's own account: password and TOTP enrolment.
import type {
  ChangePasswordRequest,
  TotpEnrolment,
  User,
  VerifyTotpRequest,
} from '@/lib/api-schema';
import { api } from '@/lib/base-api';

export const profileApi = api.injectEndpoints({
  endpoints: (build) => ({
    changePassword: build.mutation<void, ChangePasswordRequest>({
      query: (body) => ({ url: 'users/me/password', method: 'POST', body }),
    }),
    startTotpEnrolment: build.mutation<TotpEnrolment, void>({
      query: () => ({ url: 'users/me/mfa/totp', method: 'POST' }),
    }),
    verifyTotpEnrolment: build.mutation<User, VerifyTotpRequest>({
      query: (body) => ({ url: 'users/me/mfa/totp/verify', method: 'POST', body }),
      invalidatesTags: ['Me'],
    }),
  }),
});

export const {
  useChangePasswordMutation,
  useStartTotpEnrolmentMutation,
  useVerifyTotpEnrolmentMutation,
} = profileApi;
