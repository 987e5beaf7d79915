import { replicaFailure } from './replica-failures.js';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('which failures of a replica read send it to the primary', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5433')],
    ['a reset connection', withCode('ECONNRESET')],
    ['a server shutting down (admin_shutdown)', withCode('57P01', 'terminating connection due to administrator command')],
    ['a server starting up (cannot_connect_now)', withCode('57P03', 'the database system is starting up')],
    ['a connection failure', withCode('08006')],
    ['too many connections', withCode('53300')],
    ['a connection lost mid-query (no code)', new Error('Connection terminated unexpectedly')],
    ['a connect timeout (no code)', new Error('timeout exceeded when trying to connect')],
  ])('%s: the replica is unavailable', (_what, error) => {
    expect(replicaFailure(error)).toBe('unavailable');
  });

  it('a recovery conflict cancels this read only', () => {
    expect(replicaFailure(withCode('40001', 'canceling statement due to conflict with recovery'))).toBe('conflict');
  });

  it.each([
    ['a bad query', withCode('42P01', 'relation "nope" does not exist')],
    ['a date the database does not read', withCode('22007')],
    ['an error of the work itself', Object.assign(new Error('No such workflow.'), { code: 'not_found' })],
    ['not an error at all', 'a string'],
  ])('%s is the read’s own error', (_what, error) => {
    expect(replicaFailure(error)).toBeUndefined();
  });
});
