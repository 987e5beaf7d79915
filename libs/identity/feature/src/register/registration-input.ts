import { type FieldError, UserError } from '@weft/kernel';
import { type PlatformRole, isValidEmail, normalizeEmail, passwordProblems } from '@weft/identity-domain';
import { type IdentityConfig } from '../config/identity-config.js';
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

/**
 * `super_admin` for the configured bootstrap address (already normalised, as `email` is),
 * nothing otherwise. The email reservation makes it one account at most.
 */
export function bootstrapRole(email: string, config: Pick<IdentityConfig, 'superAdminEmail'>): { platformRole?: PlatformRole } {
  return config.superAdminEmail !== null && email === config.superAdminEmail ? { platformRole: 'super_admin' } : {};
}
