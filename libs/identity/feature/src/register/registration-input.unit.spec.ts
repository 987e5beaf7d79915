import { UserError } from '@weft/kernel';
import { bootstrapRole, checkRegistration } from './registration-input.js';

const refusal = (input: { name: string; email: string; password: string }): UserError => {
  try {
    checkRegistration(input);
  } catch (error) {
    if (error instanceof UserError) return error;
  }
  throw new Error('expected a refusal');
};

describe('checking a registration', () => {
  it('normalises an acceptable email', () => {
    expect(checkRegistration({ name: 'Ada', email: ' Ada@Example.COM ', password: 'correct horse battery staple' })).toBe('ada@example.com');
  });

  it('lists the email and every password problem, each with its field', () => {
    const error = refusal({ name: 'Ada', email: 'not-an-email', password: 'short' });
    expect(error.kind).toBe('validation');
    expect(error.details.errors).toEqual([
      { field: 'email', message: 'must be a valid email address' },
      { field: 'password', message: expect.stringContaining('at least 12 characters') },
    ]);
  });

  it('says why a long but weak password is refused', () => {
    const error = refusal({ name: 'Ada', email: 'ada.lovelace@example.com', password: 'ada.lovelace-2026!' });
    expect(error.details.errors).toEqual([{ field: 'password', message: expect.stringContaining('email') }]);
  });
});

describe('the bootstrap super admin', () => {
  it('is the registration with the configured address, and nobody without one', () => {
    expect(bootstrapRole('root@example.com', { superAdminEmail: 'root@example.com' })).toEqual({ platformRole: 'super_admin' });
    expect(bootstrapRole('ada@example.com', { superAdminEmail: 'root@example.com' })).toEqual({});
    expect(bootstrapRole('root@example.com', { superAdminEmail: null })).toEqual({});
  });
});
