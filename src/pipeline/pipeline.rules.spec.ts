import { UserErrorCode as C } from '../common/errors/user-error-code';
import { EventType } from '../events/event-types';
import { RequisitionStatus as R } from '../requisitions/requisition.enums';
import { ApplicationStatus as A, StageKind as K } from './pipeline.enums';
import {
  ApplicationState,
  isRefusal,
  planMove,
  planStatusChange,
  Refusal,
  StageState,
  StatusAction,
  transitionEventType,
} from './pipeline.rules';

const REQ = 'req-1';
const OTHER_REQ = 'req-2';

const application = (status: A, stageId = 'stage-applied'): ApplicationState => ({
  status,
  stageId,
  requisitionId: REQ,
});

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

describe('planMove', () => {
  const ALL_STATUSES = [R.DRAFT, R.OPEN, R.ON_HOLD, R.CLOSED, R.FILLED];

  describe('refusals', () => {
    it.each<[string, ApplicationState, StageState | null, R, C, string[]]>([
      ['no such stage', application(A.ACTIVE), null, R.OPEN, C.NOT_FOUND, ['stageId']],
      [
        'a removed stage',
        application(A.ACTIVE),
        stage('s1', K.SCREEN, { removedAt: removed }),
        R.OPEN,
        C.NOT_FOUND,
        ['stageId'],
      ],
      [
        "another requisition's stage",
        application(A.ACTIVE),
        stage('s1', K.SCREEN, { requisitionId: OTHER_REQ }),
        R.OPEN,
        C.STAGE_NOT_IN_REQUISITION,
        ['stageId'],
      ],
      [
        'a REJECTED application',
        application(A.REJECTED),
        stage('s1', K.SCREEN),
        R.OPEN,
        C.APPLICATION_NOT_ACTIVE,
        ['id'],
      ],
      [
        'a WITHDRAWN application',
        application(A.WITHDRAWN),
        stage('s1', K.SCREEN),
        R.OPEN,
        C.APPLICATION_NOT_ACTIVE,
        ['id'],
      ],
      [
        'a HIRED application',
        application(A.HIRED),
        stage('s1', K.SCREEN),
        R.OPEN,
        C.APPLICATION_NOT_ACTIVE,
        ['id'],
      ],
      [
        'a CLOSED requisition',
        application(A.ACTIVE),
        stage('s1', K.SCREEN),
        R.CLOSED,
        C.REQUISITION_CLOSED,
        ['id'],
      ],
      [
        'a FILLED requisition',
        application(A.ACTIVE),
        stage('s1', K.SCREEN),
        R.FILLED,
        C.REQUISITION_CLOSED,
        ['id'],
      ],
      [
        'hiring in a FILLED requisition',
        application(A.ACTIVE),
        stage('h', K.HIRED),
        R.FILLED,
        C.REQUISITION_CLOSED,
        ['id'],
      ],
      // Precedence: what the caller names is checked before the state of what it names.
      [
        'a removed stage of another requisition',
        application(A.REJECTED),
        stage('s1', K.SCREEN, { requisitionId: OTHER_REQ, removedAt: removed }),
        R.CLOSED,
        C.NOT_FOUND,
        ['stageId'],
      ],
      [
        'a foreign stage for an inactive application',
        application(A.HIRED),
        stage('s1', K.SCREEN, { requisitionId: OTHER_REQ }),
        R.CLOSED,
        C.STAGE_NOT_IN_REQUISITION,
        ['stageId'],
      ],
      [
        'an inactive application in a closed requisition',
        application(A.WITHDRAWN),
        stage('s1', K.SCREEN),
        R.CLOSED,
        C.APPLICATION_NOT_ACTIVE,
        ['id'],
      ],
    ])('refuses %s', (_name, app, target, requisitionStatus, code, field) => {
      const result = planMove(app, target, requisitionStatus);
      expect(isRefusal(result)).toBe(true);
      expect(result).toEqual({ code, field, message: MESSAGE });
      expect((result as Refusal).message.length).toBeGreaterThan(5);
    });
  });

  describe('moves', () => {
    it.each<[string, K, R, A]>([
      ['to a screen stage of an OPEN requisition', K.SCREEN, R.OPEN, A.ACTIVE],
      ['to a custom stage of an ON_HOLD requisition', K.CUSTOM, R.ON_HOLD, A.ACTIVE],
      ['to a technical stage of a DRAFT requisition', K.TECHNICAL, R.DRAFT, A.ACTIVE],
      ['back to the APPLIED stage', K.APPLIED, R.OPEN, A.ACTIVE],
      ['to the OFFER stage', K.OFFER, R.OPEN, A.ACTIVE],
      ['into the HIRED stage (hires)', K.HIRED, R.OPEN, A.HIRED],
      ['into the HIRED stage while ON_HOLD (hires)', K.HIRED, R.ON_HOLD, A.HIRED],
    ])('plans a move %s', (_name, kind, requisitionStatus, toStatus) => {
      const result = planMove(application(A.ACTIVE), stage('target', kind), requisitionStatus);
      expect(isRefusal(result)).toBe(false);
      expect(result).toEqual({ toStatus });
    });

    it.each(ALL_STATUSES.filter((s) => s !== R.CLOSED && s !== R.FILLED))(
      'allows moves while the requisition is %s',
      (requisitionStatus) => {
        expect(planMove(application(A.ACTIVE), stage('t', K.ONSITE), requisitionStatus)).toEqual({
          toStatus: A.ACTIVE,
        });
      },
    );
  });
});

describe('planStatusChange', () => {
  it.each<[StatusAction, A, R, C, string[]]>([
    ['reject', A.REJECTED, R.OPEN, C.APPLICATION_NOT_ACTIVE, ['id']],
    ['reject', A.WITHDRAWN, R.OPEN, C.APPLICATION_NOT_ACTIVE, ['id']],
    ['reject', A.HIRED, R.OPEN, C.APPLICATION_NOT_ACTIVE, ['id']],
    ['withdraw', A.REJECTED, R.OPEN, C.APPLICATION_NOT_ACTIVE, ['id']],
    ['withdraw', A.WITHDRAWN, R.OPEN, C.APPLICATION_NOT_ACTIVE, ['id']],
    ['withdraw', A.HIRED, R.FILLED, C.APPLICATION_NOT_ACTIVE, ['id']],
    ['reopen', A.ACTIVE, R.OPEN, C.APPLICATION_NOT_REOPENABLE, ['id']],
    ['reopen', A.HIRED, R.OPEN, C.APPLICATION_NOT_REOPENABLE, ['id']],
    ['reopen', A.HIRED, R.FILLED, C.APPLICATION_NOT_REOPENABLE, ['id']],
    ['reopen', A.REJECTED, R.CLOSED, C.REQUISITION_CLOSED, ['id']],
    ['reopen', A.REJECTED, R.FILLED, C.REQUISITION_CLOSED, ['id']],
    ['reopen', A.WITHDRAWN, R.CLOSED, C.REQUISITION_CLOSED, ['id']],
    ['reopen', A.WITHDRAWN, R.FILLED, C.REQUISITION_CLOSED, ['id']],
  ])(
    '%s of a %s application (requisition %s) is refused with %s',
    (action, status, requisitionStatus, code, field) => {
      const result = planStatusChange(action, application(status), requisitionStatus);
      expect(isRefusal(result)).toBe(true);
      const mentioned: unknown = expect.stringContaining(
        code === C.REQUISITION_CLOSED ? requisitionStatus : status,
      );
      expect(result).toEqual({ code, field, message: mentioned });
    },
  );

  it.each<[StatusAction, A, R, A]>([
    ['reject', A.ACTIVE, R.OPEN, A.REJECTED],
    ['reject', A.ACTIVE, R.ON_HOLD, A.REJECTED],
    // Ending an application is always possible, even once the requisition is closed or filled.
    ['reject', A.ACTIVE, R.CLOSED, A.REJECTED],
    ['reject', A.ACTIVE, R.FILLED, A.REJECTED],
    ['withdraw', A.ACTIVE, R.OPEN, A.WITHDRAWN],
    ['withdraw', A.ACTIVE, R.CLOSED, A.WITHDRAWN],
    ['reopen', A.REJECTED, R.OPEN, A.ACTIVE],
    ['reopen', A.REJECTED, R.ON_HOLD, A.ACTIVE],
    ['reopen', A.WITHDRAWN, R.OPEN, A.ACTIVE],
    ['reopen', A.WITHDRAWN, R.DRAFT, A.ACTIVE],
  ])('%s of a %s application (requisition %s) -> %s', (action, status, requisitionStatus, toStatus) => {
    expect(planStatusChange(action, application(status), requisitionStatus)).toEqual({ toStatus });
  });
});

describe('transitionEventType', () => {
  it.each<[A | null, A, EventType]>([
    [null, A.ACTIVE, EventType.APPLICATION_CREATED],
    [A.ACTIVE, A.ACTIVE, EventType.APPLICATION_STAGE_CHANGED],
    [A.REJECTED, A.REJECTED, EventType.APPLICATION_STAGE_CHANGED],
    [A.ACTIVE, A.HIRED, EventType.APPLICATION_STATUS_CHANGED],
    [A.ACTIVE, A.REJECTED, EventType.APPLICATION_STATUS_CHANGED],
    [A.ACTIVE, A.WITHDRAWN, EventType.APPLICATION_STATUS_CHANGED],
    [A.REJECTED, A.ACTIVE, EventType.APPLICATION_STATUS_CHANGED],
    [A.WITHDRAWN, A.ACTIVE, EventType.APPLICATION_STATUS_CHANGED],
  ])('%s -> %s is announced as %s', (from, to, type) => {
    expect(transitionEventType(from, to)).toBe(type);
  });
});

describe('isRefusal', () => {
  it.each<[object, boolean]>([
    [{ code: C.NOT_FOUND, message: 'x', field: [] }, true],
    [{ toStatus: A.ACTIVE }, false],
  ])('%j -> %s', (value, expected) => {
    expect(isRefusal(value)).toBe(expected);
  });
});
