import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ExistingUser, type RegisterUser, decideUser, initialUserState, userDecider } from '@weft/identity-domain';
import { type EventStreamStore, commandMetadata, handleCommand, asUser } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { USERS_PROJECTION } from '@weft/read-model-users';
import { issueAccountToken } from '../account-tokens/account-token-codec.js';
import { type IdentityConfig } from '../config/identity-config.js';
import { IDENTITY_CONFIG } from '../identity.tokens.js';
import { AccountMails, verificationMail } from '../mail/account-mails.js';
import { PasswordHasher } from '../security/index.js';
import { type AuthResponse, authResponse } from '../session/auth-response.js';
import { AuthSessions } from '../session/auth-sessions.js';
import { userStreamId } from '../streams/identity-streams.js';
import { EmailReservations } from './email-reservations.js';
import { RegisterUserCommand } from './register-user.command.js';
import { bootstrapRole, checkRegistration } from './registration-input.js';

/**
 * Validate, hash, reserve the email (a `no_stream` append on its own stream: of two
 * concurrent sign-ups one wins, the other is a 409), write the User stream with an
 * email-verification token, start a session, mail the token, and wait until `/me` can
 * see the user. The configured `WEFT_SUPER_ADMIN_EMAIL` registers as `super_admin`.
 */
@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly hasher: PasswordHasher,
    private readonly emails: EmailReservations,
    private readonly sessions: AuthSessions,
    private readonly readYourWrites: ReadYourWrites,
    private readonly mails: AccountMails,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async execute({ input, context }: RegisterUserCommand): Promise<AuthResponse> {
    const now = new Date();
    const email = checkRegistration(input);
    const userId = randomUUID();
    const acting = asUser(context, userId);
    const passwordHash = await this.hasher.hash(input.password);
    const verification = issueAccountToken('emailVerification', userId, now, this.config.emailVerificationTtlSeconds);
    const data = { userId, name: input.name, email, passwordHash, emailVerification: verification.issued, ...bootstrapRole(email, this.config) };
    const register: RegisterUser = { type: 'RegisterUser', data, metadata: commandMetadata(acting, now) };
    // Decided once on an empty state first, so a refusal (a blank name) never leaves a reserved email behind.
    decideUser(register, initialUserState());
    await this.emails.reserve(email, userId, acting, now);
    const registered = await handleCommand({ store: this.store, streamId: userStreamId(userId), decider: userDecider, command: register });
    const user = registered.state as ExistingUser;
    const session = await this.sessions.start(user, acting, now);
    await this.mails.send(verificationMail(email, verification.token, verification.issued.expiresAt));
    await this.readYourWrites.waitFor({ streamId: userStreamId(userId), streamVersion: registered.streamVersion }, [USERS_PROJECTION]);
    return authResponse(user, session);
  }
}
