import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { SelfIdentification } from '../eeo.commands';
import { EeoDisabilityStatus, EeoGender, EeoRaceEthnicity, EeoVeteranStatus } from '../eeo.enums';

/**
 * Voluntary self-identification as an application carries it (career page, other boards). Every question is
 * optional; `DECLINE_TO_ANSWER` is an answer, leaving a question out is none. A wrong value is refused like any
 * other field; the refusal never repeats it.
 */
export class SelfIdentificationRequest {
  @ApiPropertyOptional({ enum: EeoGender, enumName: 'EeoGender', description: 'EEO-1 gender.' })
  @IsOptional()
  @IsEnum(EeoGender)
  gender?: EeoGender;

  @ApiPropertyOptional({
    enum: EeoRaceEthnicity,
    enumName: 'EeoRaceEthnicity',
    description: 'The seven EEO-1 race/ethnicity categories (Hispanic or Latino excludes the others).',
  })
  @IsOptional()
  @IsEnum(EeoRaceEthnicity)
  raceEthnicity?: EeoRaceEthnicity;

  @ApiPropertyOptional({
    enum: EeoVeteranStatus,
    enumName: 'EeoVeteranStatus',
    description:
      'VEVRAA: "I identify as one or more of the classifications of protected veteran", "I am not a protected veteran", "I don\'t wish to answer".',
  })
  @IsOptional()
  @IsEnum(EeoVeteranStatus)
  veteranStatus?: EeoVeteranStatus;

  @ApiPropertyOptional({
    enum: EeoDisabilityStatus,
    enumName: 'EeoDisabilityStatus',
    description:
      'Form CC-305: "Yes, I have a disability (or previously had a disability)", "No, I do not have a disability and have not had one in the past", "I do not want to answer".',
  })
  @IsOptional()
  @IsEnum(EeoDisabilityStatus)
  disabilityStatus?: EeoDisabilityStatus;
}

/** The answers of a request, every question left out as null. */
export function selfIdentificationOf(
  request: SelfIdentificationRequest | undefined,
): SelfIdentification | null {
  if (!request) return null;
  const answers: SelfIdentification = {
    gender: request.gender ?? null,
    raceEthnicity: request.raceEthnicity ?? null,
    veteranStatus: request.veteranStatus ?? null,
    disabilityStatus: request.disabilityStatus ?? null,
  };
  return Object.values(answers).some((a) => a !== null) ? answers : null;
}
