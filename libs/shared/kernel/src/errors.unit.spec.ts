import { OperationalError, UserError, isOperationalError, isUserError } from './errors.js';

describe('error taxonomy', () => {
  it('marks user errors as not retryable and keeps their stable code', () => {
    const error = new UserError('validation', 'workflow.invalid', 'The workflow has no nodes', {
      errors: [{ field: 'nodes', message: 'must not be empty' }],
    });
    expect(isUserError(error)).toBe(true);
    expect(isOperationalError(error)).toBe(false);
    expect(error.retryable).toBe(false);
    expect(error.code).toBe('workflow.invalid');
    expect(error.details.errors).toHaveLength(1);
  });

  it('marks operational errors as retryable and keeps the cause', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new OperationalError('broker.unreachable', 'Kafka is not reachable', { cause });
    expect(isOperationalError(error)).toBe(true);
    expect(error.retryable).toBe(true);
    expect(error.cause).toBe(cause);
  });
});
