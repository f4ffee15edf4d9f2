import { CandidateSkillEntity } from '../../candidates/candidate-skill.entity';
import { CandidateEntity } from '../../candidates/candidate.entity';
import { EventEntity } from '../../events/event.entity';
import { ApplicationEntity } from '../../pipeline/application.entity';
import { PipelineStageEntity } from '../../pipeline/pipeline-stage.entity';
import { StageTransitionEntity } from '../../pipeline/stage-transition.entity';
import { RequisitionSkillEntity } from '../../requisitions/requisition-skill.entity';
import { RequisitionEntity } from '../../requisitions/requisition.entity';
import { SkillEntity } from '../../skills/skill.entity';

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
];
