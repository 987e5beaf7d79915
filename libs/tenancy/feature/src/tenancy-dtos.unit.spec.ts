import { type Type } from '@nestjs/common';
import { createValidationPipe } from '@weft/http';
import { CreateOrganizationDto } from './create-organization/create-organization.dto.js';
import { CreateTeamDto } from './create-team/create-team.dto.js';
import { UpdateOrganizationDto } from './update-organization/update-organization.dto.js';
import { UpdateTeamDto } from './update-team/update-team.dto.js';

// Fields that may be left out are not nullable unless null means something: a null name,
// slug or colour used to pass validation and fail in the domain as a 500 (found by
// apps/platform/src/api-fuzz.e2e.spec.ts).

const validate = (metatype: Type<unknown>, body: unknown) => createValidationPipe().transform(body, { type: 'body', metatype });

describe('tenancy request bodies', () => {
  it.each([
    ['CreateOrganizationDto', { name: 'Acme', slug: null }, CreateOrganizationDto],
    ['UpdateOrganizationDto', { name: null }, UpdateOrganizationDto],
    ['CreateTeamDto', { name: 'Platform', slug: null }, CreateTeamDto],
    ['CreateTeamDto', { name: 'Platform', color: null }, CreateTeamDto],
    ['UpdateTeamDto', { name: null }, UpdateTeamDto],
    ['UpdateTeamDto', { color: null }, UpdateTeamDto],
  ] as const)('%s refuses %j with a 400', async (_name, body, metatype) => {
    await expect(validate(metatype, body)).rejects.toMatchObject({ status: 400 });
  });

  it.each([
    ['UpdateOrganizationDto', { description: null }, UpdateOrganizationDto],
    ['UpdateTeamDto', { description: null }, UpdateTeamDto],
    ['UpdateTeamDto', {}, UpdateTeamDto],
    ['CreateTeamDto', { name: 'Platform' }, CreateTeamDto],
  ] as const)('%s takes %j', async (_name, body, metatype) => {
    await expect(validate(metatype, body)).resolves.toBeInstanceOf(metatype);
  });
});
