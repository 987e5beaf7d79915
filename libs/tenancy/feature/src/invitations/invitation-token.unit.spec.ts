import { randomUUID } from 'node:crypto';
import { hashInvitationToken, issueInvitationToken, readInvitationToken } from './invitation-token.js';

describe('invitation tokens', () => {
  it('carry their organization and invitation ids, and only their hash is kept', () => {
    const organizationId = randomUUID();
    const invitationId = randomUUID();
    const { token, tokenHash } = issueInvitationToken(organizationId, invitationId);
    expect(readInvitationToken(token)).toEqual({ organizationId, invitationId });
    expect(tokenHash).toBe(hashInvitationToken(token));
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toContain(tokenHash);
  });

  it('differ every time for the same invitation', () => {
    const ids = [randomUUID(), randomUUID()] as const;
    expect(issueInvitationToken(...ids).token).not.toBe(issueInvitationToken(...ids).token);
  });

  it('refuse anything this platform did not issue', () => {
    const { token } = issueInvitationToken(randomUUID(), randomUUID());
    for (const bad of ['', 'weft_inv_', 'xx_' + token.slice(9), token.slice(0, -2), `${token}A`, 'weft_inv_!!!!'])
      expect(readInvitationToken(bad)).toBeUndefined();
  });
});
