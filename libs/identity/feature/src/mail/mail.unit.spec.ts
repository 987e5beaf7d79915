import { AccountMails, passwordResetMail, verificationMail } from './account-mails.js';
import { LogMailSender, type Mail } from './mail-sender.js';

const token = `weft_pr_7f0c3a52-6f3e-4d1b-9b8a-3c1d2e4f5a60.${'A'.repeat(43)}`;
const expiresAt = new Date('2026-11-29T11:00:00.000Z');

describe('the log mail sender', () => {
  it('writes the whole mail, recipient, subject and body, as one log line', async () => {
    const lines: string[] = [];
    await new LogMailSender({ log: (message: string) => lines.push(message) }).send({ to: 'ada@example.com', subject: 'Hello', text: `token: ${token}` });
    expect(lines).toEqual([`mail to ada@example.com: Hello\ntoken: ${token}`]);
  });
});

describe('account mails', () => {
  it('carry the token, the endpoint to send it to and its expiry', () => {
    const verification = verificationMail('ada@example.com', token, expiresAt);
    expect(verification).toMatchObject({ to: 'ada@example.com', subject: expect.stringContaining('Verify') });
    expect(verification.text).toContain(`token: ${token}`);
    expect(verification.text).toContain('/api/v1/auth/verify-email');
    expect(verification.text).toContain('2026-11-29T11:00:00.000Z');
    const reset = passwordResetMail('ada@example.com', token, expiresAt);
    expect(reset.text).toContain(`token: ${token}`);
    expect(reset.text).toContain('/api/v1/auth/password-reset/confirm');
  });

  it('survive a failing sender: the mail is lost, the caller goes on', async () => {
    const sent: Mail[] = [];
    const failing = new AccountMails({ send: () => Promise.reject(new Error('smtp down')) });
    await expect(failing.send(verificationMail('ada@example.com', token, expiresAt))).resolves.toBeUndefined();
    await new AccountMails({ send: (mail) => Promise.resolve(void sent.push(mail)) }).send(verificationMail('ada@example.com', token, expiresAt));
    expect(sent).toHaveLength(1);
  });
});
