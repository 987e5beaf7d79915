import { type FieldError, UserError } from '@weft/kernel';
import { isValidEmail, normalizeEmail, passwordProblems } from '@weft/identity-domain';
import { type RegisterUserInput } from './register-user.command.js';

/**
 * The normalised email of a registration, or one `validation` error listing every
 * field problem at once (email format, each reason the password policy refuses).
 */
export function checkRegistration(input: RegisterUserInput): string {
  const errors: FieldError[] = [];
  if (!isValidEmail(input.email)) errors.push({ field: 'email', message: 'must be a valid email address' });
  const email = normalizeEmail(input.email);
  for (const problem of passwordProblems(input.password, { email })) errors.push({ field: 'password', message: problem.message });
  if (errors.length > 0) {
    throw new UserError('validation', 'user.registration_invalid', errors.map((error) => `${error.field}: ${error.message}`).join(' '), { errors });
  }
  return email;
}
