import { type FieldError, UserError } from '@weft/kernel';
import { COMMON_PASSWORDS } from './common-passwords.js';

/** Shortest accepted password, in Unicode code points (see docs/identity-tenancy.md). */
export const PASSWORD_MIN_LENGTH = 12;
/** Longest accepted password: bounds the work a single login can ask of the KDF. */
export const PASSWORD_MAX_LENGTH = 128;

/** Why a password was refused; `message` is meant for the person choosing it. */
export interface PasswordProblem {
  readonly code: 'too_short' | 'too_long' | 'common' | 'common_variant' | 'sequence' | 'contains_email' | 'repetitive';
  readonly message: string;
}

const commonPasswords = new Set(COMMON_PASSWORDS);

// Runs people type instead of choosing: digits, the alphabet, keyboard rows; both ways.
const SEQUENCES = [
  '0123456789'.repeat(4),
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  '1q2w3e4r5t6y7u8i9o0p',
].flatMap((run) => [run, [...run].reverse().join('')]);

/**
 * Every reason the policy refuses `password` (`[]` when it is acceptable). Pure: the
 * feature layer calls it with the plaintext before hashing, since commands only ever
 * carry the hash.
 */
export function passwordProblems(password: string, context: { readonly email?: string } = {}): PasswordProblem[] {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return [{ code: 'too_short', message: `Use at least ${PASSWORD_MIN_LENGTH} characters (this one has ${length}).` }];
  if (length > PASSWORD_MAX_LENGTH) return [{ code: 'too_long', message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` }];
  return [commonProblem(password), sequenceProblem(password), emailProblem(password, context.email), repetitionProblem(password)].filter(
    (problem) => problem !== undefined,
  );
}

/** Throws a `validation` `UserError` (`user.password_weak`, field `password`) unless the policy accepts `password`. */
export function assertPasswordAcceptable(password: string, context: { readonly email?: string } = {}): void {
  const problems = passwordProblems(password, context);
  if (problems.length === 0) return;
  const errors: FieldError[] = problems.map((problem) => ({ field: 'password', message: problem.message }));
  throw new UserError('validation', 'user.password_weak', problems.map((problem) => problem.message).join(' '), { errors });
}

function commonProblem(password: string): PasswordProblem | undefined {
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return { code: 'common', message: 'This is one of the most commonly used passwords; choose another.' };
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (core.length >= 3 && commonPasswords.has(core)) {
    return { code: 'common_variant', message: `This is the common password "${core}" with digits or symbols added; choose another.` };
  }
  return undefined;
}

function sequenceProblem(password: string): PasswordProblem | undefined {
  const lower = password.toLowerCase();
  if (!SEQUENCES.some((run) => run.includes(lower))) return undefined;
  return { code: 'sequence', message: 'This is a simple keyboard, letter or number sequence; choose something less predictable.' };
}

function emailProblem(password: string, email: string | undefined): PasswordProblem | undefined {
  const localPart = email?.split('@')[0]?.trim().toLowerCase() ?? '';
  if (localPart.length < 3 || !password.toLowerCase().includes(localPart)) return undefined;
  return { code: 'contains_email', message: 'Do not use your email address (or its name part) in your password.' };
}

function repetitionProblem(password: string): PasswordProblem | undefined {
  const distinct = new Set(password.toLowerCase()).size;
  if (distinct >= 5) return undefined;
  return { code: 'repetitive', message: `This password repeats too few characters (${distinct} different); mix in more.` };
}
