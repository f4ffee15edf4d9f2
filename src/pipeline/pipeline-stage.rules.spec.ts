import { UserErrorCode as C } from '../common/errors/user-error-code';
import { StageKind as K } from './pipeline.enums';
import {
  checkReorder,
  checkStageRemoval,
  DEFAULT_STAGE_TEMPLATE,
  defaultInsertPosition,
  RemovalFacts,
} from './pipeline-stage.rules';
import { StageState } from './pipeline.rules';

const REQ = 'req-1';
const OTHER_REQ = 'req-2';

const stage = (id: string, kind: K = K.CUSTOM, overrides: Partial<StageState> = {}): StageState => ({
  id,
  requisitionId: REQ,
  kind,
  removedAt: null,
  ...overrides,
});

const removed = new Date('2026-01-01T00:00:00Z');
/** Any non-empty message: the wording is for people, the code and field are the contract. */
const MESSAGE: unknown = expect.stringMatching(/\S/);

describe('checkStageRemoval', () => {
  const screen = stage('screen', K.SCREEN);
  const onsite = stage('onsite', K.ONSITE);
  const facts = (overrides: Partial<RemovalFacts>): RemovalFacts => ({
    stage: screen,
    liveStageCount: 7,
    applicationsInStage: 0,
    target: undefined,
    ...overrides,
  });
  const TARGET_FIELD = ['moveApplicationsToStageId'];

  it.each<[string, RemovalFacts, C, string[]]>([
    ['the HIRED stage', facts({ stage: stage('hired', K.HIRED) }), C.STAGE_NOT_REMOVABLE, ['id']],
    [
      'the HIRED stage even with a target',
      facts({ stage: stage('hired', K.HIRED), target: onsite }),
      C.STAGE_NOT_REMOVABLE,
      ['id'],
    ],
    ['the last stage', facts({ liveStageCount: 1 }), C.STAGE_NOT_REMOVABLE, ['id']],
    [
      'a stage with applications and no target',
      facts({ applicationsInStage: 3 }),
      C.STAGE_NOT_EMPTY,
      TARGET_FIELD,
    ],
    [
      'a target that does not exist',
      facts({ applicationsInStage: 3, target: null }),
      C.NOT_FOUND,
      TARGET_FIELD,
    ],
    ['a target that does not exist (empty stage)', facts({ target: null }), C.NOT_FOUND, TARGET_FIELD],
    [
      'a removed target',
      facts({ applicationsInStage: 1, target: stage('old', K.CUSTOM, { removedAt: removed }) }),
      C.NOT_FOUND,
      TARGET_FIELD,
    ],
    [
      "another requisition's stage as target",
      facts({ applicationsInStage: 1, target: stage('foreign', K.SCREEN, { requisitionId: OTHER_REQ }) }),
      C.STAGE_NOT_IN_REQUISITION,
      TARGET_FIELD,
    ],
    [
      'the stage itself as target',
      facts({ applicationsInStage: 1, target: screen }),
      C.INVALID_INPUT,
      TARGET_FIELD,
    ],
    [
      'the HIRED stage as target',
      facts({ applicationsInStage: 1, target: stage('hired', K.HIRED) }),
      C.INVALID_INPUT,
      TARGET_FIELD,
    ],
  ])('refuses to remove %s', (_name, removal, code, field) => {
    expect(checkStageRemoval(removal)).toEqual({ code, field, message: MESSAGE });
  });

  it('names the number of applications a non-empty stage holds', () => {
    expect(checkStageRemoval(facts({ applicationsInStage: 12 }))?.message).toContain('12');
  });

  it.each<[string, RemovalFacts]>([
    ['an empty stage', facts({})],
    ['an empty stage of two', facts({ liveStageCount: 2 })],
    ['a stage with applications and a valid target', facts({ applicationsInStage: 40, target: onsite })],
    ['an empty stage with a valid target', facts({ target: onsite })],
    [
      'a stage whose applications go to the APPLIED stage',
      facts({ applicationsInStage: 1, target: stage('applied', K.APPLIED) }),
    ],
  ])('allows removing %s', (_name, removal) => {
    expect(checkStageRemoval(removal)).toBeNull();
  });
});

describe('checkReorder', () => {
  const live = ['a', 'b', 'c', 'd'];
  const FIELD = ['stageIds'];

  it.each<[string, string[]]>([
    ['a duplicated stage', ['a', 'b', 'c', 'c']],
    ['a duplicated stage in an otherwise complete list', ['a', 'b', 'c', 'd', 'a']],
    ['a missing stage', ['a', 'b', 'c']],
    ['an unknown stage', ['a', 'b', 'c', 'x']],
    ['an extra stage', ['a', 'b', 'c', 'd', 'x']],
    ['an empty list', []],
  ])('refuses %s', (_name, requested) => {
    expect(checkReorder(live, requested)).toEqual({ code: C.INVALID_INPUT, field: FIELD, message: MESSAGE });
  });

  it.each<[string, string[]]>([
    ['the same order', ['a', 'b', 'c', 'd']],
    ['the reverse order', ['d', 'c', 'b', 'a']],
    ['a swap', ['b', 'a', 'c', 'd']],
  ])('accepts %s', (_name, requested) => {
    expect(checkReorder(live, requested)).toBeNull();
  });
});

describe('defaultInsertPosition', () => {
  const template = [K.APPLIED, K.SCREEN, K.TECHNICAL, K.TECHNICAL, K.ONSITE, K.OFFER, K.HIRED].map(
    (kind, position) => ({
      kind,
      position,
    }),
  );

  it.each<[string, number, { kind: K; position: number }[]]>([
    ['the default template: just before Hired', 6, template],
    [
      'Hired moved to the front',
      0,
      [
        { kind: K.HIRED, position: 0 },
        { kind: K.APPLIED, position: 1 },
      ],
    ],
    [
      'Hired in the middle',
      1,
      [
        { kind: K.APPLIED, position: 0 },
        { kind: K.HIRED, position: 1 },
        { kind: K.OFFER, position: 2 },
      ],
    ],
    ['no Hired stage: at the end', 6, template.filter((s) => s.kind !== K.HIRED)],
    ['no stages at all', 0, []],
  ])('%s -> %i', (_name, expected, stages) => {
    expect(defaultInsertPosition(stages)).toBe(expected);
  });
});
describe('DEFAULT_STAGE_TEMPLATE', () => {
  it('starts at APPLIED and ends with exactly one HIRED stage', () => {
    expect(DEFAULT_STAGE_TEMPLATE[0].kind).toBe(K.APPLIED);
    expect(DEFAULT_STAGE_TEMPLATE.at(-1)?.kind).toBe(K.HIRED);
    expect(DEFAULT_STAGE_TEMPLATE.filter((s) => s.kind === K.HIRED)).toHaveLength(1);
  });
});
