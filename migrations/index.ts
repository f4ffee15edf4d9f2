import { Initial1795616911309 } from './1795616911309-Initial';
import { SeedSkillTaxonomy1795617000000 } from './1795617000000-SeedSkillTaxonomy';
import { Identity1795619069634 } from './1795619069634-Identity';
import { JobBoards1795620235979 } from './1795620235979-JobBoards';
import { InboundDeliveries1795620907532 } from './1795620907532-InboundDeliveries';
import { AuditLogNoTruncate1795620300000 } from './1795620300000-AuditLogNoTruncate';
import { StandardWebhookDeliveries1795621000000 } from './1795621000000-StandardWebhookDeliveries';
import { Webhooks1795625727065 } from './1795625727065-Webhooks';
import { ResumesAndCareerPagePostings1795625758722 } from './1795625758722-ResumesAndCareerPagePostings';
import { WebhookDeliveryRetention1795646640255 } from './1795646640255-WebhookDeliveryRetention';
import { TokensRevokedOnPasswordChange1795648318969 } from './1795648318969-TokensRevokedOnPasswordChange';
import { NotesAndActivity1796280317759 } from './1796280317759-NotesAndActivity';
import { Evaluation1796280398300 } from './1796280398300-Evaluation';
import { CandidateFullTextSearch1796280516846 } from './1796280516846-CandidateFullTextSearch';
import { RejectionReasons1796290000000 } from './1796290000000-RejectionReasons';
import { Offers1796290100000 } from './1796290100000-Offers';
import { EeoSelfIdentification1796291071018 } from './1796291071018-EeoSelfIdentification';
import { CandidateConsent1796290874997 } from './1796290874997-CandidateConsent';
import { AuditSubjectIndex1796290900000 } from './1796290900000-AuditSubjectIndex';
import { CandidateSkillSet1796291283281 } from './1796291283281-CandidateSkillSet';
import { CandidateErasure1796300000000 } from './1796300000000-CandidateErasure';
import { WebhookDeliveryQueue1796290200000 } from './1796290200000-WebhookDeliveryQueue';
import { SkillMatch1796282898060 } from './1796282898060-SkillMatch';
import { TimelineScorecardIndex1796284967292 } from './1796284967292-TimelineScorecardIndex';
import { SharedRequestRates1796280191406 } from './1796280191406-SharedRequestRates';

// Every migration, in order. Listed explicitly so the same list works compiled, under ts-jest and in the CLI.
export const MIGRATIONS = [
  Initial1795616911309,
  SeedSkillTaxonomy1795617000000,
  Identity1795619069634,
  JobBoards1795620235979,
  AuditLogNoTruncate1795620300000,
  InboundDeliveries1795620907532,
  StandardWebhookDeliveries1795621000000,
  Webhooks1795625727065,
  ResumesAndCareerPagePostings1795625758722,
  WebhookDeliveryRetention1795646640255,
  TokensRevokedOnPasswordChange1795648318969,
  SharedRequestRates1796280191406,
  NotesAndActivity1796280317759,
  Evaluation1796280398300,
  CandidateFullTextSearch1796280516846,
  SkillMatch1796282898060,
  TimelineScorecardIndex1796284967292,
  RejectionReasons1796290000000,
  Offers1796290100000,
  WebhookDeliveryQueue1796290200000,
  CandidateConsent1796290874997,
  AuditSubjectIndex1796290900000,
  EeoSelfIdentification1796291071018,
  CandidateSkillSet1796291283281,
  CandidateErasure1796300000000,
];
