import { Query } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { type ExecutionSummary } from '@weft/read-model-executions';
import { type ListExecutionsQueryDto } from './list-executions.dto.js';

/** One page of the organization's executions, newest first, filtered as the query string asks. */
export class ListExecutionsQuery extends Query<Page<ExecutionSummary>> {
  constructor(
    readonly organizationId: string,
    readonly request: Readonly<ListExecutionsQueryDto>,
  ) {
    super();
  }
}
