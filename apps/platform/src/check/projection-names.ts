import { EXECUTION_CATALOG_PROJECTION } from '@weft/execution-feature';
import { EXECUTIONS_PROJECTION } from '@weft/read-model-executions';
import { TENANCY_PROJECTION } from '@weft/read-model-tenancy';
import { API_KEYS_PROJECTION, USERS_PROJECTION } from '@weft/read-model-users';
import { CREDENTIALS_PROJECTION, WORKFLOWS_PROJECTION } from '@weft/read-model-workflows';

/** The projections the platform (and the projector app) runs: each should have a checkpoint row. */
export const PLATFORM_PROJECTIONS: readonly string[] = [
  USERS_PROJECTION,
  API_KEYS_PROJECTION,
  TENANCY_PROJECTION,
  WORKFLOWS_PROJECTION,
  CREDENTIALS_PROJECTION,
  EXECUTION_CATALOG_PROJECTION,
  EXECUTIONS_PROJECTION,
];

export {
  CREDENTIALS_PROJECTION,
  EXECUTION_CATALOG_PROJECTION,
  EXECUTIONS_PROJECTION,
  TENANCY_PROJECTION,
  API_KEYS_PROJECTION,
  USERS_PROJECTION,
  WORKFLOWS_PROJECTION,
};
