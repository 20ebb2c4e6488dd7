// The password policy as far as the client can check it (the server also refuses common ones).

export const MIN_PASSWORD_LENGTH = 12;

/** A message when the password breaks the policy, else null. Length counts characters. */
export function validateNewPassword(password: string): string | null {
  if (!password) return 'Enter a new password.';
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  return null;
}
