import { UserError } from '@weft/kernel';
import { passwordProblems } from '@weft/identity-domain';

/** Throws one `validation` error listing every reason the policy refuses `password` for `email`'s account. */
export function checkNewPassword(password: string, email: string): void {
  const errors = passwordProblems(password, { email }).map((problem) => ({ field: 'password', message: problem.message }));
  if (errors.length > 0)
    throw new UserError('validation', 'user.password_invalid', errors.map((error) => `${error.field}: ${error.message}`).join(' '), { errors });
}
