import { registerEnumType } from '@nestjs/graphql';

/** Every business-rule failure a client can meet. Shared by GraphQL `userErrors` and REST problem details. */
export enum UserErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  STALE_VERSION = 'STALE_VERSION',
  INVALID_STATUS_TRANSITION = 'INVALID_STATUS_TRANSITION',
  REQUISITION_NOT_OPEN = 'REQUISITION_NOT_OPEN',
  REQUISITION_CLOSED = 'REQUISITION_CLOSED',
  HEADCOUNT_BELOW_HIRED = 'HEADCOUNT_BELOW_HIRED',
  STAGE_NOT_IN_REQUISITION = 'STAGE_NOT_IN_REQUISITION',
  STAGE_NOT_EMPTY = 'STAGE_NOT_EMPTY',
  STAGE_NOT_REMOVABLE = 'STAGE_NOT_REMOVABLE',
  DUPLICATE_STAGE_NAME = 'DUPLICATE_STAGE_NAME',
  APPLICATION_NOT_ACTIVE = 'APPLICATION_NOT_ACTIVE',
  APPLICATION_NOT_REOPENABLE = 'APPLICATION_NOT_REOPENABLE',
  DUPLICATE_APPLICATION = 'DUPLICATE_APPLICATION',
  DUPLICATE_CANDIDATE = 'DUPLICATE_CANDIDATE',
  DUPLICATE_USER = 'DUPLICATE_USER',
  LAST_ADMIN = 'LAST_ADMIN',
  DUPLICATE_JOB_BOARD = 'DUPLICATE_JOB_BOARD',
  JOB_BOARD_INACTIVE = 'JOB_BOARD_INACTIVE',
  WEBHOOK_URL_NOT_ALLOWED = 'WEBHOOK_URL_NOT_ALLOWED',
  WEBHOOK_SUBSCRIPTION_DISABLED = 'WEBHOOK_SUBSCRIPTION_DISABLED',
  MENTIONED_USER_CANNOT_SEE = 'MENTIONED_USER_CANNOT_SEE',
  NOT_NOTE_AUTHOR = 'NOT_NOTE_AUTHOR',
  INTERVIEWER_UNAVAILABLE = 'INTERVIEWER_UNAVAILABLE',
  INTERVIEWER_NOT_ON_TEAM = 'INTERVIEWER_NOT_ON_TEAM',
  INTERVIEW_NOT_SCHEDULED = 'INTERVIEW_NOT_SCHEDULED',
  NOT_AN_INTERVIEWER = 'NOT_AN_INTERVIEWER',
  DUPLICATE_REJECTION_REASON = 'DUPLICATE_REJECTION_REASON',
  OFFER_ALREADY_OPEN = 'OFFER_ALREADY_OPEN',
  NOT_YOUR_TURN = 'NOT_YOUR_TURN',
  CANDIDATE_HAS_ACTIVE_APPLICATION = 'CANDIDATE_HAS_ACTIVE_APPLICATION',
}

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why a mutation was refused. Nothing is written when a mutation answers with user errors.',
  valuesMap: {
    INVALID_INPUT: { description: 'A value is missing, malformed or out of range; `field` points at it.' },
    NOT_FOUND: { description: 'An id names nothing (or is malformed, or names an object of another type).' },
    STALE_VERSION: { description: '`expectedVersion` is not the current version: reload and retry.' },
    INVALID_STATUS_TRANSITION: {
      description: 'The requisition (or offer) cannot go from its status to the requested one.',
    },
    REQUISITION_NOT_OPEN: { description: 'Only OPEN requisitions accept applications.' },
    REQUISITION_CLOSED: { description: 'The requisition is CLOSED or FILLED: its pipeline is read-only.' },
    HEADCOUNT_BELOW_HIRED: { description: 'Headcount cannot go below the number already hired.' },
    STAGE_NOT_IN_REQUISITION: {
      description: "The stage is not one of the application's requisition's stages.",
    },
    STAGE_NOT_EMPTY: { description: 'The stage holds applications: name a stage to move them to.' },
    STAGE_NOT_REMOVABLE: { description: 'The HIRED stage and the last remaining stage cannot be removed.' },
    DUPLICATE_STAGE_NAME: { description: 'Another stage of the requisition already has this name.' },
    APPLICATION_NOT_ACTIVE: { description: 'Only ACTIVE applications can be moved, rejected or withdrawn.' },
    APPLICATION_NOT_REOPENABLE: { description: 'Only REJECTED or WITHDRAWN applications can be reopened.' },
    DUPLICATE_APPLICATION: {
      description: 'The candidate already applied to this requisition; `existingId` names it.',
    },
    DUPLICATE_CANDIDATE: { description: 'A candidate with this e-mail exists; `existingId` names it.' },
    DUPLICATE_USER: { description: 'A user with this e-mail exists; `existingId` names it.' },
    LAST_ADMIN: { description: 'The change would leave no active administrator.' },
    DUPLICATE_JOB_BOARD: { description: 'Another job board has this slug; `existingId` names it.' },
    JOB_BOARD_INACTIVE: { description: 'The job board is deactivated: nothing can be published on it.' },
    WEBHOOK_URL_NOT_ALLOWED: {
      description:
        'The webhook URL is not https, or its host resolves to a private, loopback, link-local or otherwise internal address.',
    },
    WEBHOOK_SUBSCRIPTION_DISABLED: {
      description: 'The subscription is disabled: enable it before redelivering or replaying.',
    },
    MENTIONED_USER_CANNOT_SEE: {
      description:
        'A mentioned user may not see what the note is on (not on its hiring team, deactivated, or an interviewer on a candidate-level note); `field` points at the mention.',
    },
    NOT_NOTE_AUTHOR: {
      description: 'Only the author edits a note; only the author or an administrator deletes it.',
    },
    INTERVIEWER_UNAVAILABLE: {
      description:
        'The interviewer has another SCHEDULED interview at an overlapping time; `field` and `existingId` name them.',
    },
    INTERVIEWER_NOT_ON_TEAM: {
      description: "The interviewer is not on the requisition's hiring team (or is not an active user).",
    },
    INTERVIEW_NOT_SCHEDULED: {
      description:
        'The interview is COMPLETED, CANCELLED or NO_SHOW (or has not begun, for a no-show): only SCHEDULED interviews change.',
    },
    NOT_AN_INTERVIEWER: { description: 'Only the interviewers of an interview write scorecards for it.' },
    DUPLICATE_REJECTION_REASON: {
      description: 'Another rejection reason of the category has this name; `existingId` names it.',
    },
    OFFER_ALREADY_OPEN: {
      description: 'The application already has an offer that is not final; `existingId` names it.',
    },
    NOT_YOUR_TURN: {
      description: "The caller is not the approver whose turn it is in the offer's approval chain.",
    },
    CANDIDATE_HAS_ACTIVE_APPLICATION: {
      description:
        'The candidate has an ACTIVE application: reject or withdraw it before erasing them; `existingId` names it.',
    },
  },
});
