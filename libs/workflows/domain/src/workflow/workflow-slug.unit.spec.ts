import { type WorkflowSlugState, decideWorkflowSlug, evolveWorkflowSlug, workflowSlugDecider, workflowSlugStreamId } from './workflow-slug.js';

const metadata = { commandId: 'c-1', now: new Date('2026-12-02T10:00:00Z') };
const claim = (workflowId: string, organizationId = 'org-1') => ({ organizationId, slug: 'big-orders', workflowId });
const reserve = (workflowId: string) => ({ type: 'ReserveWorkflowSlug' as const, data: claim(workflowId), metadata });
const release = (workflowId: string) => ({ type: 'ReleaseWorkflowSlug' as const, data: claim(workflowId), metadata });
const held: WorkflowSlugState = decideWorkflowSlug(reserve('wf-1'), { status: 'free' }).reduce(evolveWorkflowSlug, workflowSlugDecider.initialState());

describe('workflow slug reservation', () => {
  it('reserves a free slug for its workflow', () => {
    expect(decideWorkflowSlug(reserve('wf-1'), { status: 'free' })).toEqual([
      { type: 'WorkflowSlugReserved', data: { organizationId: 'org-1', slug: 'big-orders', workflowId: 'wf-1', reservedAt: '2026-12-02T10:00:00.000Z' } },
    ]);
  });

  it('treats the same workflow again as a no-op and refuses another with 409', () => {
    expect(decideWorkflowSlug(reserve('wf-1'), held)).toEqual([]);
    expect(() => decideWorkflowSlug(reserve('wf-2'), held)).toThrow(expect.objectContaining({ kind: 'conflict', code: 'workflow.slug_taken' }));
  });

  it('frees the slug only when its holder releases it', () => {
    expect(decideWorkflowSlug(release('wf-2'), held)).toEqual([]);
    const free = decideWorkflowSlug(release('wf-1'), held).reduce(evolveWorkflowSlug, held);
    expect(decideWorkflowSlug(reserve('wf-2'), free).map((event) => event.type)).toEqual(['WorkflowSlugReserved']);
  });

  it('names one stream per organization and slug, and refuses malformed slugs', () => {
    expect(workflowSlugStreamId('org-1', 'big-orders')).toMatch(/^workflows\.WorkflowSlug-[0-9a-f-]{36}$/);
    expect(workflowSlugStreamId('org-1', 'big-orders')).toBe(workflowSlugStreamId('org-1', 'big-orders'));
    expect(workflowSlugStreamId('org-1', 'big-orders')).not.toBe(workflowSlugStreamId('org-2', 'big-orders'));
    expect(() => workflowSlugStreamId('org-1', 'Big Orders')).toThrow(expect.objectContaining({ code: 'workflow.slug_invalid' }));
  });
});
