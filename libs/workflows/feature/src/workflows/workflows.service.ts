import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type N8nWorkflow, importN8nWorkflow } from '@weft/engine-nodes';
import { type Page, type PlanLimits, UserError, assertWithinPlanLimit, claimFirstFree, slugCandidates, slugFromName } from '@weft/kernel';
import { type OrganizationAccess, PLAN_LIMITS } from '@weft/nest';
import { Database, withTenant } from '@weft/postgres';
import { findTeam } from '@weft/read-model-tenancy';
import { type WorkflowFilter, type WorkflowSummary, type WorkflowView, countWorkflows, findWorkflow, findWorkflowVersion, listWorkflows } from '@weft/read-model-workflows';
import {
  type ActiveWebhook,
  type ExistingWorkflow,
  WORKFLOW_SLUG_MAX_LENGTH,
  type WorkflowNode,
  requireLiteralFirstSegment,
  requireUsableFacts,
  requireWorkflowSlug,
  webhookNamespaceOf,
  webhookRouteKey,
  workflowSlugTaken,
} from '@weft/workflows-domain';
import { CredentialUsePolicy } from '../credentials/http/credential-use-policy.js';
import { type Definition, activationFactsOf, problemsOf } from './workflow-definition-facts.js';
import { WorkflowCommands, metadataOf } from './workflow-commands.js';
import { type CreateWorkflowDto, type UpdateWorkflowDto } from './workflows.dto.js';

const MAX_GENERATED_SLUGS = 25;
const notFound = () => new UserError('not_found', 'workflow.not_found', 'No such workflow.');

/** A 422 naming each problem of the graph, as the engine found them (node id and field path). */
function invalidGraph(problems: ReturnType<typeof problemsOf>): UserError {
  return new UserError('unprocessable', 'workflow.invalid', `The workflow has ${problems.length} problem(s); see errors.`, {
    errors: problems.map((p) => ({ field: p.path ?? '', message: p.nodeId ? `${p.nodeId}: ${p.message}` : p.message })),
    problems,
  });
}

/** Generated slugs leave room for a `-n` suffix within the slug limit. */
const WORKFLOW_SLUG_BASE_LENGTH = 90;

@Injectable()
export class Workflows {
  constructor(
    private readonly commands: WorkflowCommands,
    @Inject(Database) private readonly db: Database,
    @Inject(PLAN_LIMITS) private readonly planLimits: PlanLimits,
    private readonly credentialUse: CredentialUsePolicy,
  ) {}

  async create(body: CreateWorkflowDto, access: OrganizationAccess, requestId: string): Promise<WorkflowView> {
    const { organizationId } = access;
    const definition = body.fromTemplateId ? await this.templateDefinition(organizationId, body.fromTemplateId) : body;
    const problems = problemsOf(definition);
    if (problems.length > 0) throw invalidGraph(problems);
    if (body.teamId) await this.requireTeam(organizationId, body.teamId);
    await this.requireRoomForOneMore(organizationId);
    const credentialUse = await this.credentialUse.factsFor(organizationId, access.actorId, definition.nodes);
    requireUsableFacts(credentialUse);
    const workflowId = randomUUID();
    const slug = await this.claimSlug(body.slug, body.name, organizationId, workflowId, requestId);
    try {
      await this.commands.workflow(workflowId, {
        type: 'CreateWorkflow',
        data: {
          actorRole: access.role,
          workflowId,
          name: body.name,
          slug,
          description: body.description ?? null,
          teamId: body.teamId?.toLowerCase() ?? null,
          nodes: definition.nodes,
          connections: definition.connections,
          settings: definition.settings ?? {},
          tags: body.tags ?? [],
          isTemplate: body.isTemplate ?? false,
          fromTemplateId: body.fromTemplateId?.toLowerCase() ?? null,
          credentialUse,
        },
        metadata: metadataOf(access, requestId),
      });
    } catch (error) {
      await this.commands.releaseSlug(organizationId, slug, workflowId, requestId);
      throw error;
    }
    return this.require(organizationId, workflowId);
  }

  /** An n8n export, converted by the engine's importer; what could not be mapped is listed, never dropped. */
  async importN8n(source: N8nWorkflow & { name?: string }, access: OrganizationAccess, requestId: string) {
    if (typeof source !== 'object' || source === null || !Array.isArray(source.nodes)) {
      throw new UserError('validation', 'workflow.import_invalid', 'The body must be an n8n workflow export: {name, nodes: [...], connections: {...}}.', {
        errors: [{ field: 'nodes', message: 'must be an array of n8n nodes' }],
      });
    }
    const { workflow, problems } = importN8nWorkflow(source);
    const name = typeof source.name === 'string' && source.name.trim() !== '' ? source.name : 'Imported workflow';
    const created = await this.create(
      { name, nodes: workflow.nodes as WorkflowNode[], connections: [...workflow.connections], settings: (workflow.settings ?? {}) as Record<string, never> },
      access,
      requestId,
    );
    return { workflow: created, unsupported: problems };
  }

  async update(workflowId: string, body: UpdateWorkflowDto, access: OrganizationAccess, requestId: string): Promise<WorkflowView> {
    const current = await this.require(access.organizationId, workflowId);
    const nodes = body.nodes ?? (current.nodes as WorkflowNode[]);
    if (body.nodes !== undefined || body.connections !== undefined || body.settings !== undefined) {
      const problems = problemsOf({ nodes, connections: body.connections ?? (current.connections as Definition['connections']), settings: body.settings ?? (current.settings as Record<string, never>) });
      if (problems.length > 0) throw invalidGraph(problems);
    }
    if (body.teamId) await this.requireTeam(access.organizationId, body.teamId);
    const { expectedVersion, ...changes } = body;
    const credentialUse = await this.credentialUse.factsFor(access.organizationId, access.actorId, nodes);
    await this.commands.workflow(current.id, { type: 'UpdateWorkflow', data: { actorRole: access.role, expectedVersion, ...changes, credentialUse }, metadata: metadataOf(access, requestId) });
    return this.require(access.organizationId, current.id);
  }

  async publish(workflowId: string, expectedVersion: number | undefined, access: OrganizationAccess, requestId: string): Promise<WorkflowView> {
    const current = await this.require(access.organizationId, workflowId);
    const state = await this.existing(access.organizationId, current.id);
    const credentialUse = await this.credentialUse.factsFor(access.organizationId, access.actorId, state.content.nodes);
    const data = { actorRole: access.role, credentialUse, ...(expectedVersion === undefined ? {} : { expectedVersion }) };
    await this.commands.workflow(current.id, { type: 'PublishWorkflow', data, metadata: metadataOf(access, requestId) });
    return this.require(access.organizationId, current.id);
  }

  async archive(workflowId: string, access: OrganizationAccess, requestId: string): Promise<WorkflowView> {
    const current = await this.require(access.organizationId, workflowId);
    const before = await this.existing(access.organizationId, current.id);
    await this.commands.workflow(current.id, { type: 'ArchiveWorkflow', data: { actorRole: access.role }, metadata: metadataOf(access, requestId) });
    await this.giveBack(before.active?.webhooks ?? [], [], current.id, access.organizationId, requestId);
    return this.require(access.organizationId, current.id);
  }

  /**
   * Validates the version that will run (the published one, else the current), checks
   * that the activating principal may use its credentials (they become its runs'
   * authority), claims the organization's hold on the first segment of each webhook
   * path (409 when another organization has it), reserves the routes (409 when another
   * workflow holds one; nothing is kept then), activates, and gives back what an earlier
   * activation held and this one no longer uses.
   */
  async activate(workflowId: string, access: OrganizationAccess, requestId: string): Promise<WorkflowView> {
    const current = await this.require(access.organizationId, workflowId);
    const before = await this.existing(access.organizationId, current.id);
    const running = before.publishedVersion === null ? current : await withTenant(this.db, access.organizationId, (tx) => findWorkflowVersion(tx, access.organizationId, current.id, before.publishedVersion!));
    if (running === undefined) throw notFound();
    const nodes = (running.nodes ?? []) as WorkflowNode[];
    const facts = activationFactsOf({ nodes, connections: (running.connections ?? []) as Definition['connections'], settings: (running.settings ?? {}) as Record<string, never> });
    if (facts.validation.problems.length > 0) throw invalidGraph(facts.validation.problems);
    for (const route of facts.webhooks) requireLiteralFirstSegment(route, route.nodeId);
    const credentialUse = await this.credentialUse.factsFor(access.organizationId, access.actorId, nodes);
    requireUsableFacts(credentialUse);
    const held = before.active?.webhooks ?? [];
    await this.take(facts.webhooks, held, current.id, access.organizationId, requestId);
    try {
      await this.commands.workflow(current.id, { type: 'ActivateWorkflow', data: { actorRole: access.role, ...facts, credentialUse }, metadata: metadataOf(access, requestId) });
    } catch (error) {
      await this.giveBack(facts.webhooks, held, current.id, access.organizationId, requestId);
      throw error;
    }
    await this.giveBack(held, facts.webhooks, current.id, access.organizationId, requestId);
    return this.require(access.organizationId, current.id);
  }

  async deactivate(workflowId: string, access: OrganizationAccess, requestId: string): Promise<WorkflowView> {
    const current = await this.require(access.organizationId, workflowId);
    const before = await this.existing(access.organizationId, current.id);
    await this.commands.workflow(current.id, { type: 'DeactivateWorkflow', data: { actorRole: access.role }, metadata: metadataOf(access, requestId) });
    await this.giveBack(before.active?.webhooks ?? [], [], current.id, access.organizationId, requestId);
    return this.require(access.organizationId, current.id);
  }

  /** Archive + deactivate, then hidden; the events and versions stay, the slug and routes are freed. */
  async delete(workflowId: string, access: OrganizationAccess, requestId: string): Promise<void> {
    const current = await this.require(access.organizationId, workflowId);
    const before = await this.existing(access.organizationId, current.id);
    await this.commands.workflow(current.id, { type: 'DeleteWorkflow', data: { actorRole: access.role }, metadata: metadataOf(access, requestId) });
    await this.giveBack(before.active?.webhooks ?? [], [], current.id, access.organizationId, requestId);
    await this.commands.releaseSlug(access.organizationId, current.slug, current.id, requestId);
  }

  /**
   * Claims the namespace of every route (held ones too, a no-op then: an activation from
   * before the namespace rule gets its claim here), then reserves the routes `held` does
   * not have. All or nothing: on a 409, what this call took is given back.
   */
  private async take(routes: readonly ActiveWebhook[], held: readonly ActiveWebhook[], workflowId: string, organizationId: string, requestId: string): Promise<void> {
    const heldSegments = new Set(held.map(webhookNamespaceOf));
    const heldRoutes = new Set(held.map(webhookRouteKey));
    const claimed: string[] = [];
    try {
      for (const segment of new Set(routes.map(webhookNamespaceOf))) {
        await this.commands.claimNamespace(segment, workflowId, organizationId, requestId);
        if (!heldSegments.has(segment)) claimed.push(segment);
      }
      await this.commands.reserveRoutes(routes.filter((route) => !heldRoutes.has(webhookRouteKey(route))), workflowId, organizationId, requestId);
    } catch (error) {
      await this.commands.releaseNamespaces(claimed, workflowId, organizationId, requestId);
      throw error;
    }
  }

  /** Releases the routes of `routes` that `kept` does not hold, then the namespaces no route of `kept` is under. */
  private async giveBack(routes: readonly ActiveWebhook[], kept: readonly ActiveWebhook[], workflowId: string, organizationId: string, requestId: string): Promise<void> {
    const keptRoutes = new Set(kept.map(webhookRouteKey));
    const keptSegments = new Set(kept.map(webhookNamespaceOf));
    await this.commands.releaseRoutes(routes.filter((route) => !keptRoutes.has(webhookRouteKey(route))), workflowId, organizationId, requestId);
    const segments = [...new Set(routes.map(webhookNamespaceOf))].filter((segment) => !keptSegments.has(segment));
    await this.commands.releaseNamespaces(segments, workflowId, organizationId, requestId);
  }

  list(organizationId: string, filter: WorkflowFilter, limit: number, cursor?: string): Promise<Page<WorkflowSummary>> {
    return withTenant(this.db, organizationId, (tx) => listWorkflows(tx, organizationId, filter, limit, cursor));
  }

  async require(organizationId: string, workflowId: string): Promise<WorkflowView> {
    const workflow = await withTenant(this.db, organizationId, (tx) => findWorkflow(tx, organizationId, workflowId.toLowerCase()));
    if (workflow === undefined) throw notFound();
    return workflow;
  }

  private async existing(organizationId: string, workflowId: string): Promise<ExistingWorkflow> {
    const state = await this.commands.state(workflowId);
    if (state.status === 'none' || state.organizationId !== organizationId || state.deleted) throw notFound();
    return state;
  }

  private async templateDefinition(organizationId: string, templateId: string): Promise<Definition> {
    const template = await this.require(organizationId, templateId).catch(() => undefined);
    if (template === undefined || !template.isTemplate) {
      throw new UserError('unprocessable', 'workflow.template_not_found', 'fromTemplateId must be a template workflow of this organization.', { errors: [{ field: 'fromTemplateId', message: 'is not a template of this organization' }] });
    }
    return { nodes: template.nodes as WorkflowNode[], connections: template.connections as Definition['connections'], settings: template.settings as Record<string, never> };
  }

  /** 402 when the plan's `maxWorkflows` is reached (archived ones count, deleted ones do not). */
  private async requireRoomForOneMore(organizationId: string): Promise<void> {
    const max = await this.planLimits.limitOf(organizationId, 'maxWorkflows');
    if (max !== null) assertWithinPlanLimit('maxWorkflows', await withTenant(this.db, organizationId, (tx) => countWorkflows(tx, organizationId)), max);
  }

  private async requireTeam(organizationId: string, teamId: string): Promise<void> {
    const team = await withTenant(this.db, organizationId, (tx) => findTeam(tx, organizationId, teamId.toLowerCase()));
    if (team === undefined) throw new UserError('unprocessable', 'workflow.team_not_found', 'teamId must be a team of this organization.', { errors: [{ field: 'teamId', message: 'is not a team of this organization' }] });
  }

  private async claimSlug(requested: string | undefined, name: string, organizationId: string, workflowId: string, requestId: string): Promise<string> {
    if (requested !== undefined) {
      const slug = requireWorkflowSlug(requested);
      await this.commands.reserveSlug(organizationId, slug, workflowId, requestId);
      return slug;
    }
    const base = slugFromName(name, WORKFLOW_SLUG_BASE_LENGTH) || 'workflow';
    const reserve = (candidate: string) => this.commands.reserveSlug(organizationId, candidate, workflowId, requestId);
    const isTaken = (error: unknown) => error instanceof UserError && error.code === 'workflow.slug_taken';
    const claimed = await claimFirstFree(slugCandidates(base, WORKFLOW_SLUG_MAX_LENGTH), MAX_GENERATED_SLUGS, reserve, isTaken);
    if (claimed !== undefined) return claimed;
    throw workflowSlugTaken(base);
  }
}
