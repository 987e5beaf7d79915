import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { type ActorType, type CommandContext } from '@weft/kernel';
import { type OrganizationAccess, type Principal } from './access/principal.js';

interface ContextRequest {
  readonly id: string;
  readonly ip?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly principal?: Principal;
  readonly organizationAccess?: OrganizationAccess;
}

const USER_AGENT_MAX_LENGTH = 512;

const actorOf = (principal: Principal): { type: ActorType; id: string } =>
  principal.kind === 'user' ? { type: 'user', id: principal.userId } : { type: 'apiKey', id: principal.apiKeyId };

/**
 * The kernel's `CommandContext` of a request: the principal the access guard
 * authenticated (none on public routes), the organization of `:orgId` when the route
 * checked one, the request id as the correlation, the client's address (as Fastify —
 * or, distributed, the gateway — saw it) and its user agent (bounded).
 */
export function commandContextOf(request: ContextRequest): CommandContext {
  const { principal, organizationAccess } = request;
  const userAgent = request.headers['user-agent'];
  return {
    correlationId: request.id,
    ...(principal === undefined ? {} : { actor: actorOf(principal) }),
    ...(organizationAccess === undefined ? {} : { organizationId: organizationAccess.organizationId }),
    ...(request.ip === undefined ? {} : { clientIp: request.ip }),
    ...(typeof userAgent === 'string' ? { userAgent: userAgent.slice(0, USER_AGENT_MAX_LENGTH) } : {}),
  };
}

/** The request's `CommandContext` as a handler parameter. */
export const RequestContext = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext =>
  commandContextOf(context.switchToHttp().getRequest<ContextRequest>()),
);
