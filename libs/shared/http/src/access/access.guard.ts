import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { type ApiCallMeter, type OrganizationRole, type Permission, UserError, can, isUuid } from '@weft/kernel';
import { ACCESS_METADATA, type AccessRequirement, type RequiredPlatformRole } from './access.decorators.js';
import { AUTHENTICATOR, type Authenticator, type OrganizationAccess, type Principal, type UserPrincipal, actorIdOf } from './principal.js';
import { API_CALL_METER, MEMBERSHIPS, type MembershipDirectory } from '@weft/ports';

const READS = new Set(['GET', 'HEAD']);
const PLATFORM_RANK: Readonly<Record<UserPrincipal['platformRole'], number>> = { user: 0, admin: 1, super_admin: 2 };

interface GuardedRequest {
  method: string;
  params?: Record<string, string | undefined>;
  principal?: Principal;
  organizationAccess?: OrganizationAccess;
}

/**
 * The access rule of every route: `authenticated` needs a principal; `permission` also
 * needs a role in the route's `:orgId` that grants the permission; `platformRole` needs a
 * user principal with that platform role or a higher one. A caller outside the
 * organization gets 404 on reads and 403 on writes, the same whether or not the
 * organization exists, so nothing about another tenant can be learnt by probing.
 * The guard applies it in every service, the gateway at the edge.
 */
@Injectable()
export class AccessCheck {
  private authenticator: Authenticator | undefined;
  private memberships: MembershipDirectory | undefined;
  private apiCalls: ApiCallMeter | null | undefined;

  constructor(private readonly moduleRef: ModuleRef) {}

  /** Authenticates the request and establishes its organization access; throws the 401/403/404 `UserError`. */
  async check(requirement: AccessRequirement, context: ExecutionContext, params: Record<string, string | undefined> | undefined): Promise<void> {
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    // Authenticated already when the request took an Idempotency-Key (idempotency.ts authenticates before it claims).
    const principal = request.principal ?? (await this.authenticatorOf().authenticate(context));
    request.principal = principal;
    if (requirement.kind === 'permission') {
      request.organizationAccess = await this.organizationAccess(request.method, params?.['orgId'] ?? '', principal, requirement.permission);
      // A member's call of their organization's API counts against its plan (where requests enter only: API_CALL_METER).
      await this.apiCallMeter()?.admit(request.organizationAccess.organizationId.toLowerCase());
    }
    if (requirement.kind === 'platformRole') requirePlatformRole(principal, requirement.role);
  }

  private async organizationAccess(method: string, organizationId: string, principal: Principal, permission: Permission): Promise<OrganizationAccess> {
    const role = isUuid(organizationId) ? await this.roleOf(organizationId, principal) : null;
    if (role === null) throw outsider(READS.has(method));
    if (!can(role, permission)) {
      throw new UserError('forbidden', 'access.permission_denied', `Your role in this organization (${role}) does not grant ${permission}.`, { permission });
    }
    return { organizationId, role, principal, actorId: actorIdOf(principal) };
  }

  private async roleOf(organizationId: string, principal: Principal): Promise<OrganizationRole | null> {
    if (principal.kind === 'apiKey') return principal.organizationId === organizationId.toLowerCase() ? principal.role : null;
    return this.membershipsOf().roleOf(organizationId.toLowerCase(), principal.userId);
  }

  // Looked up on first use across all modules: the identity and tenancy modules that
  // provide them are imported by the app, not by this library.
  private authenticatorOf(): Authenticator {
    this.authenticator ??= this.moduleRef.get<Authenticator>(AUTHENTICATOR, { strict: false });
    return this.authenticator;
  }

  private apiCallMeter(): ApiCallMeter | null {
    if (this.apiCalls === undefined) {
      try {
        this.apiCalls = this.moduleRef.get<ApiCallMeter>(API_CALL_METER, { strict: false });
      } catch {
        this.apiCalls = null; // not the edge: the gateway counted the call
      }
    }
    return this.apiCalls;
  }

  private membershipsOf(): MembershipDirectory {
    this.memberships ??= this.moduleRef.get<MembershipDirectory>(MEMBERSHIPS, { strict: false });
    return this.memberships;
  }
}

/**
 * The one access check of every HTTP route, registered globally: routes without an
 * access decorator are public; the others go through `AccessCheck`. The services check
 * again when they decide (the aggregates know their members).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessCheck,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<AccessRequirement | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (requirement === undefined) return true;
    await this.access.check(requirement, context, context.switchToHttp().getRequest<GuardedRequest>().params);
    return true;
  }
}

// The principal's platform role is the user's current one (identity reads it per request).
function requirePlatformRole(principal: Principal, role: RequiredPlatformRole): void {
  if (principal.kind === 'user' && PLATFORM_RANK[principal.platformRole] >= PLATFORM_RANK[role]) return;
  throw new UserError('forbidden', 'access.platform_role_required', `Only a platform ${role === 'super_admin' ? 'super admin' : 'admin'} may do this.`, {
    requiredPlatformRole: role,
  });
}

function outsider(reading: boolean): UserError {
  return reading
    ? new UserError('not_found', 'organization.not_found', 'No such organization, or you are not a member of it.')
    : new UserError('forbidden', 'organization.not_member', 'You are not a member of this organization.');
}
