import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ExistingUser, type RegisterUser, decideUser, initialUserState, userDecider } from '@weft/identity-domain';
import { type EventStreamStore, handleCommand } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { USERS_PROJECTION } from '@weft/read-model-users';
import { PasswordHasher } from '../security/index.js';
import { type AuthResponse, authResponse } from '../session/auth-response.js';
import { AuthSessions } from '../session/auth-sessions.js';
import { userStreamId } from '../streams/identity-streams.js';
import { commandMetadata } from '../streams/user-accounts.js';
import { EmailReservations } from './email-reservations.js';
import { RegisterUserCommand } from './register-user.command.js';
import { checkRegistration } from './registration-input.js';

/**
 * Validate, hash, reserve the email (a `no_stream` append on its own stream: of two
 * concurrent sign-ups one wins, the other is a 409), write the User stream, start a
 * session, and wait until `/me` can see the user.
 */
@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly hasher: PasswordHasher,
    private readonly emails: EmailReservations,
    private readonly sessions: AuthSessions,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ input, requestId }: RegisterUserCommand): Promise<AuthResponse> {
    const now = new Date();
    const email = checkRegistration(input);
    const userId = randomUUID();
    const passwordHash = await this.hasher.hash(input.password);
    const register: RegisterUser = { type: 'RegisterUser', data: { userId, name: input.name, email, passwordHash }, metadata: commandMetadata(now, requestId, userId) };
    // Decided once on an empty state first, so a refusal (a blank name) never leaves a reserved email behind.
    decideUser(register, initialUserState());
    await this.emails.reserve(email, userId, now, requestId);
    const registered = await handleCommand({ store: this.store, streamId: userStreamId(userId), decider: userDecider, command: register });
    const user = registered.state as ExistingUser;
    const session = await this.sessions.start(user, commandMetadata(now, requestId, userId));
    await this.readYourWrites.waitFor({ streamId: userStreamId(userId), streamVersion: registered.streamVersion }, [USERS_PROJECTION]);
    return authResponse(user, session);
  }
}
