import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SYSTEM_ACTOR, UserError } from '@weft/kernel';
import { Database } from '@weft/postgres';
import { listActiveWebhookRoutes } from '@weft/read-model-workflows';
import { webhookNamespaceOf } from '@weft/workflows-domain';
import { WebhookReservations } from './webhook-reservations.js';

/**
 * At start-up, every active workflow claims the namespace of its webhook paths' first
 * segments, oldest activation first, so that activations from before the namespace rule
 * hold their segments as later ones do (the older owner keeps a path two organizations
 * shared). What breaks the rule is reported: a parameter as the first segment, or a
 * segment an older activation of another organization holds. The execution catalog's
 * router serves neither (it keeps its own record of who holds a segment), so this only
 * reports and claims. Claims are idempotent: a later start repeats the report.
 */
@Injectable()
export class WebhookNamespaceAudit implements OnApplicationBootstrap {
  private readonly logger = new Logger('webhook-namespaces');

  constructor(
    @Inject(Database) private readonly db: Database,
    private readonly reservations: WebhookReservations,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: a start does not wait for it, and a failure only delays it to the next start.
    void this.run().catch((error: unknown) => this.logger.warn(`the webhook namespaces were not checked: ${String(error)}`));
  }

  /** Claims and reports; the breaches found. */
  async run(): Promise<string[]> {
    const breaches: string[] = [];
    for (const workflow of await listActiveWebhookRoutes(this.db)) {
      for (const segment of new Set(workflow.webhooks.map(webhookNamespaceOf))) {
        const breach = await this.claim(segment, workflow.workflowId, workflow.organizationId);
        if (breach === undefined) continue;
        breaches.push(breach);
        this.logger.warn(breach);
      }
    }
    return breaches;
  }

  private async claim(segment: string, workflowId: string, organizationId: string): Promise<string | undefined> {
    const workflow = `workflow ${workflowId} (organization ${organizationId})`;
    if (segment.startsWith(':'))
      return `${workflow} has a webhook path whose first segment is a parameter ("${segment}"); it is not served. Give it a literal first segment and activate it again.`;
    try {
      // The platform's own claim, on behalf of the organization that activated the workflow.
      await this.reservations.claimNamespace(segment, workflowId, { actor: SYSTEM_ACTOR, organizationId, correlationId: `startup-${randomUUID()}` });
      return undefined;
    } catch (error) {
      if (error instanceof UserError && error.code === 'webhook.namespace_taken') {
        return `${workflow} has webhook paths under "${segment}/", which another organization activated first and keeps; they are not served. Choose another first segment and activate it again.`;
      }
      throw error;
    }
  }
}
