import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';
import { type ApiKeyView } from '@weft/read-model-users';

export interface CreateApiKeyInput {
  readonly name: string;
  /** ISO 8601; absent: the key never expires. */
  readonly expiresAt?: string;
}

/** The key as listed, plus the key itself: answered this once, stored nowhere. */
export type CreatedApiKey = ApiKeyView & { readonly key: string };

/** A new key of the organization in `context` (its `@RequirePermission` route established it), by the context's actor. */
export class CreateApiKeyCommand extends Command<CreatedApiKey> {
  constructor(
    readonly input: CreateApiKeyInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
