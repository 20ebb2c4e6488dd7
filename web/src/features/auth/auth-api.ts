// The sign-in steps. Public endpoints: no bearer token, and a 401 is a refusal, not an expiry.
// Tokens are asked for in cookie mode: the refresh token never reaches JavaScript.
import type {
  LoginRequest,
  MfaRequest,
  NewPasswordRequest,
  SignInReply,
  Tokens,
} from '@/lib/api-schema';
import { api } from '@/lib/base-api';

type WithoutDelivery<T> = Omit<T, 'tokenDelivery'>;

export const authApi = api.injectEndpoints({
  endpoints: (build) => ({
    login: build.mutation<SignInReply, WithoutDelivery<LoginRequest>>({
      query: (body) => ({
        url: 'auth/login',
        method: 'POST',
        body: { ...body, tokenDelivery: 'cookie' } satisfies LoginRequest,
      }),
      extraOptions: { anonymous: true },
    }),
    respondMfa: build.mutation<Tokens, WithoutDelivery<MfaRequest>>({
      query: (body) => ({
        url: 'auth/mfa',
        method: 'POST',
        body: { ...body, tokenDelivery: 'cookie' } satisfies MfaRequest,
      }),
      extraOptions: { anonymous: true },
    }),
    respondNewPassword: build.mutation<SignInReply, WithoutDelivery<NewPasswordRequest>>({
      query: (body) => ({
        url: 'auth/new-password',
        method: 'POST',
        body: { ...body, tokenDelivery: 'cookie' } satisfies NewPasswordRequest,
      }),
      extraOptions: { anonymous: true },
    }),
  }),
});

export const { useLoginMutation, useRespondMfaMutation, useRespondNewPasswordMutation } = authApi;
