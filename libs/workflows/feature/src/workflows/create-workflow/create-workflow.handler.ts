import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type PlanLimits, UserError, assertWithinPlanLimit, tenantMetadata, tenantContextOf } from '@weft/kernel';
import { ORGANIZATION_DIRECTORY, type OrganizationDirectory, PLAN_LIMITS } from '@weft/ports';
import { type WorkflowView, countWorkflows } from '@weft/read-model-workflows';
import { type CreateWorkflow, type CredentialUseFact, requireUsableFacts } from '@weft/workflows-domain';
import { CredentialUsePolicy } from '../../credentials/credential-use-policy.js';
import { type Definition, definitionOf, requireValidDefinition } from '../workflow-definition-facts.js';
import { WorkflowSlugs } from '../workflow-slugs.js';
import { WorkflowStreams } from '../workflow-streams.js';
import { requireTeamOf } from '../workflow-team.js';
import { WorkflowViews } from '../workflow-views.js';
import { CreateWorkflowCommand, type CreateWorkflowInput } from './create-workflow.command.js';

/**
 * Checks what the Workflow decider cannot see from its stream — the graph (the engine's
 * rules, 422), the team (tenancy's), the plan's `maxWorkflows` (402), whether the actor
 * may use the credentials the nodes name (403) — then reserves the slug, creates the
 * workflow, and gives the slug back when the creation is refused.
 */
@CommandHandler(CreateWorkflowCommand)
export class CreateWorkflowHandler implements ICommandHandler<CreateWorkflowCommand> {
  constructor(
    private readonly streams: WorkflowStreams,
    private readonly views: WorkflowViews,
    private readonly slugs: WorkflowSlugs,
    private readonly credentialUse: CredentialUsePolicy,
    @Inject(PLAN_LIMITS) private readonly planLimits: PlanLimits,
    @Inject(ORGANIZATION_DIRECTORY) private readonly directory: OrganizationDirectory,
  ) {}

  async execute({ input, actorRole, context }: CreateWorkflowCommand): Promise<WorkflowView> {
    const {
      organizationId,
      actor: { id: actorId },
    } = tenantContextOf(context);
    const definition = input.fromTemplateId ? await this.templateDefinition(organizationId, input.fromTemplateId) : input;
    requireValidDefinition(definition);
    if (input.teamId) await requireTeamOf(this.directory, organizationId, input.teamId);
    await this.requireRoomForOneMore(organizationId);
    const credentialUse = await this.credentialUse.factsFor(organizationId, actorId, definition.nodes);
    requireUsableFacts(credentialUse);
    const workflowId = randomUUID();
    const slug = await this.slugs.claim(input.slug, input.name, workflowId, context);
    try {
      await this.streams.run(workflowId, {
        type: 'CreateWorkflow',
        data: { ...contentOf(input, definition, credentialUse), actorRole, workflowId, slug },
        metadata: tenantMetadata(context),
      });
    } catch (error) {
      await this.slugs.release(slug, workflowId, context);
      throw error;
    }
    return this.views.require(organizationId, workflowId);
  }

  private async templateDefinition(organizationId: string, templateId: string): Promise<Definition> {
    const template = await this.views.require(organizationId, templateId).catch(() => undefined);
    if (template === undefined || !template.isTemplate) {
      throw new UserError('unprocessable', 'workflow.template_not_found', 'fromTemplateId must be a template workflow of this organization.', {
        errors: [{ field: 'fromTemplateId', message: 'is not a template of this organization' }],
      });
    }
    return definitionOf(template);
  }

  /** 402 when the plan's `maxWorkflows` is reached (archived ones count, deleted ones do not). */
  private async requireRoomForOneMore(organizationId: string): Promise<void> {
    const max = await this.planLimits.limitOf(organizationId, 'maxWorkflows');
    if (max !== null) assertWithinPlanLimit('maxWorkflows', await this.views.read(organizationId, countWorkflows), max);
  }
}

type CreateContent = Omit<CreateWorkflow['data'], 'actorRole' | 'workflowId' | 'slug'>;

/** The first version's content: the definition (the template's, when copied), the rest from the input. */
function contentOf(input: CreateWorkflowInput, definition: Definition, credentialUse: readonly CredentialUseFact[]): CreateContent {
  return {
    name: input.name,
    description: input.description ?? null,
    teamId: input.teamId?.toLowerCase() ?? null,
    nodes: definition.nodes,
    connections: definition.connections,
    settings: definition.settings ?? {},
    tags: input.tags ?? [],
    isTemplate: input.isTemplate ?? false,
    fromTemplateId: input.fromTemplateId?.toLowerCase() ?? null,
    credentialUse,
  };
}
