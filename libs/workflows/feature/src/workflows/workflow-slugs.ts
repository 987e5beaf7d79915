import { Inject, Injectable } from '@nestjs/common';
import {
  type CommandContext,
  type EventStreamStore,
  UserError,
  claimFirstFree,
  commandMetadata,
  handleCommand,
  slugCandidates,
  slugFromName,
  tenantContextOf,
} from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import {
  WORKFLOW_SLUG_MAX_LENGTH,
  type WorkflowSlugCommand,
  requireWorkflowSlug,
  workflowSlugDecider,
  workflowSlugStreamId,
  workflowSlugTaken,
} from '@weft/workflows-domain';

const MAX_GENERATED_SLUGS = 25;
/** Generated slugs leave room for a `-n` suffix within the slug limit. */
const WORKFLOW_SLUG_BASE_LENGTH = 90;

/**
 * Slugs unique per organization without a racy read-model check: one stream per
 * organization and slug (`workflowSlugDecider`), taken by an optimistic append, so of two
 * concurrent creations with one slug exactly one gets it.
 */
@Injectable()
export class WorkflowSlugs {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStreamStore) {}

  /**
   * Reserves the requested slug (409 `workflow.slug_taken` when taken), or without one the
   * first free of the name's slug, `-2`, `-3` ... for the workflow; the slug it holds.
   */
  async claim(requested: string | undefined, name: string, workflowId: string, context: CommandContext): Promise<string> {
    if (requested !== undefined) {
      const slug = requireWorkflowSlug(requested);
      await this.reserve(slug, workflowId, context);
      return slug;
    }
    const base = slugFromName(name, WORKFLOW_SLUG_BASE_LENGTH) || 'workflow';
    const reserve = (candidate: string) => this.reserve(candidate, workflowId, context);
    const isTaken = (error: unknown) => error instanceof UserError && error.code === 'workflow.slug_taken';
    const claimed = await claimFirstFree(slugCandidates(base, WORKFLOW_SLUG_MAX_LENGTH), MAX_GENERATED_SLUGS, reserve, isTaken);
    if (claimed !== undefined) return claimed;
    throw workflowSlugTaken(base);
  }

  /** After the workflow's deletion, or when its creation failed: the slug is free again. */
  async release(slug: string, workflowId: string, context: CommandContext): Promise<void> {
    await this.decide('ReleaseWorkflowSlug', slug, workflowId, context);
  }

  private async reserve(slug: string, workflowId: string, context: CommandContext): Promise<void> {
    await this.decide('ReserveWorkflowSlug', slug, workflowId, context);
  }

  private async decide(type: WorkflowSlugCommand['type'], slug: string, workflowId: string, context: CommandContext): Promise<void> {
    const { organizationId } = tenantContextOf(context);
    const command: WorkflowSlugCommand = { type, data: { organizationId, slug, workflowId }, metadata: commandMetadata(context) };
    await handleCommand({ store: this.store, streamId: workflowSlugStreamId(organizationId, slug), decider: workflowSlugDecider, command });
  }
}
