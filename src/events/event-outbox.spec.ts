import { decodeGlobalId } from '../common/graphql/global-id';
import { withApiIds } from './event-outbox';

describe('withApiIds', () => {
  const uuid = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

  it('turns every known id field into the id clients use with the API', () => {
    const data = withApiIds({
      applicationId: uuid(1),
      fromStageId: null,
      toStageId: uuid(2),
      stageIds: [uuid(3), uuid(4)],
      reason: 'Strong PyTorch background',
    });
    expect(decodeGlobalId(data.applicationId as string)).toEqual({ type: 'Application', id: uuid(1) });
    expect(data.fromStageId).toBeNull();
    expect(decodeGlobalId(data.toStageId as string)).toEqual({ type: 'PipelineStage', id: uuid(2) });
    expect((data.stageIds as string[]).map((id) => decodeGlobalId(id)?.id)).toEqual([uuid(3), uuid(4)]);
    expect(data.reason).toBe('Strong PyTorch background');
  });
});
