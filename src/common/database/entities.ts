import { AuditEntryEntity } from '../../audit/audit-entry.entity';
import { CandidateSkillEntity } from '../../candidates/candidate-skill.entity';
import { CandidateEntity } from '../../candidates/candidate.entity';
import { InboundDeliveryEntity } from '../../job-boards/inbound-delivery.entity';
import { JobBoardEntity } from '../../job-boards/job-board.entity';
import { JobPostingEntity } from '../../job-boards/job-posting.entity';
import { EventEntity } from '../../events/event.entity';
import { ApiKeyEntity } from '../../identity/api-key.entity';
import { RequisitionMemberEntity } from '../../identity/requisition-member.entity';
import { SignInThrottleEntity } from '../../identity/sign-in-throttle.entity';
import { UserEntity } from '../../identity/user.entity';
import { ApplicationEntity } from '../../pipeline/application.entity';
import { PipelineStageEntity } from '../../pipeline/pipeline-stage.entity';
import { StageTransitionEntity } from '../../pipeline/stage-transition.entity';
import { RequisitionSkillEntity } from '../../requisitions/requisition-skill.entity';
import { RequisitionEntity } from '../../requisitions/requisition.entity';
import { ResumeEntity } from '../../resumes/resume.entity';
import { SkillEntity } from '../../skills/skill.entity';
import { WorkerHeartbeatEntity } from '../../jobs/worker-heartbeat.entity';
import { WebhookAttemptEntity } from '../../webhooks/webhook-attempt.entity';
import { WebhookDeliveryEntity } from '../../webhooks/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../../webhooks/webhook-subscription.entity';

export const ENTITIES = [
  SkillEntity,
  RequisitionEntity,
  RequisitionSkillEntity,
  PipelineStageEntity,
  CandidateEntity,
  CandidateSkillEntity,
  ApplicationEntity,
  StageTransitionEntity,
  EventEntity,
  UserEntity,
  ApiKeyEntity,
  RequisitionMemberEntity,
  SignInThrottleEntity,
  AuditEntryEntity,
  JobBoardEntity,
  JobPostingEntity,
  InboundDeliveryEntity,
  WorkerHeartbeatEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  WebhookAttemptEntity,
  ResumeEntity,
];
