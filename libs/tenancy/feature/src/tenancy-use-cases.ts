import { AcceptInvitationController } from './accept-invitation/accept-invitation.controller.js';
import { AcceptInvitationHandler } from './accept-invitation/accept-invitation.handler.js';
import { AddTeamMemberController } from './add-team-member/add-team-member.controller.js';
import { AddTeamMemberHandler } from './add-team-member/add-team-member.handler.js';
import { ChangeMemberRoleController } from './change-member-role/change-member-role.controller.js';
import { ChangeMemberRoleHandler } from './change-member-role/change-member-role.handler.js';
import { CreateOrganizationController } from './create-organization/create-organization.controller.js';
import { CreateOrganizationHandler } from './create-organization/create-organization.handler.js';
import { CreateTeamController } from './create-team/create-team.controller.js';
import { CreateTeamHandler } from './create-team/create-team.handler.js';
import { DeleteTeamController } from './delete-team/delete-team.controller.js';
import { DeleteTeamHandler } from './delete-team/delete-team.handler.js';
import { GetOrganizationController } from './get-organization/get-organization.controller.js';
import { GetOrganizationHandler } from './get-organization/get-organization.handler.js';
import { GetTeamController } from './get-team/get-team.controller.js';
import { GetTeamHandler } from './get-team/get-team.handler.js';
import { InviteMemberController } from './invite-member/invite-member.controller.js';
import { InviteMemberHandler } from './invite-member/invite-member.handler.js';
import { ListMembersController } from './list-members/list-members.controller.js';
import { ListMembersHandler } from './list-members/list-members.handler.js';
import { ListMyOrganizationsController } from './list-my-organizations/list-my-organizations.controller.js';
import { ListMyOrganizationsHandler } from './list-my-organizations/list-my-organizations.handler.js';
import { ListTeamsController } from './list-teams/list-teams.controller.js';
import { ListTeamsHandler } from './list-teams/list-teams.handler.js';
import { RemoveMemberController } from './remove-member/remove-member.controller.js';
import { RemoveMemberHandler } from './remove-member/remove-member.handler.js';
import { RemoveTeamMemberController } from './remove-team-member/remove-team-member.controller.js';
import { RemoveTeamMemberHandler } from './remove-team-member/remove-team-member.handler.js';
import { RevokeInvitationController } from './revoke-invitation/revoke-invitation.controller.js';
import { RevokeInvitationHandler } from './revoke-invitation/revoke-invitation.handler.js';
import { UpdateOrganizationController } from './update-organization/update-organization.controller.js';
import { UpdateOrganizationHandler } from './update-organization/update-organization.handler.js';
import { UpdateTeamController } from './update-team/update-team.controller.js';
import { UpdateTeamHandler } from './update-team/update-team.handler.js';

// Every use case of tenancy over HTTP: its controller (HTTP → command or query) and its
// handler. In route order: the OpenAPI document lists paths in the order controllers are
// registered, and this keeps it as it was before the use cases had folders of their own.

export const tenancyControllers = [
  CreateOrganizationController,
  ListMyOrganizationsController,
  GetOrganizationController,
  UpdateOrganizationController,
  ListMembersController,
  ChangeMemberRoleController,
  RemoveMemberController,
  InviteMemberController,
  RevokeInvitationController,
  AcceptInvitationController,
  CreateTeamController,
  ListTeamsController,
  GetTeamController,
  UpdateTeamController,
  DeleteTeamController,
  AddTeamMemberController,
  RemoveTeamMemberController,
];

export const tenancyHandlers = [
  CreateOrganizationHandler,
  ListMyOrganizationsHandler,
  GetOrganizationHandler,
  UpdateOrganizationHandler,
  ListMembersHandler,
  ChangeMemberRoleHandler,
  RemoveMemberHandler,
  InviteMemberHandler,
  RevokeInvitationHandler,
  AcceptInvitationHandler,
  CreateTeamHandler,
  ListTeamsHandler,
  GetTeamHandler,
  UpdateTeamHandler,
  DeleteTeamHandler,
  AddTeamMemberHandler,
  RemoveTeamMemberHandler,
];
