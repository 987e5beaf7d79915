import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';
import { type MeResponse } from '../get-me/get-me.query.js';

export interface UpdateMeInput {
  readonly name?: string;
  readonly currentOrganizationId?: string | null;
}

/** The signed-in user `userId` (the bearer token's, and so the actor) changes their profile; answered with `/me`. */
export class UpdateMeCommand extends Command<MeResponse> {
  constructor(
    readonly userId: string,
    readonly input: UpdateMeInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
