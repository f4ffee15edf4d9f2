import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { SelfIdentification } from '../eeo.commands';
import {
  EEO_WORDING,
  EeoDisabilityStatus,
  EeoGender,
  EeoRaceEthnicity,
  EeoVeteranStatus,
} from '../eeo.enums';

/** Each value with the wording a form shows for it, for the OpenAPI description. */
const wording = (answers: Record<string, string>): string =>
  Object.entries(answers)
    .map(([value, text]) => `\`${value}\`: "${text}"`)
    .join('; ');

/**
 * Voluntary self-identification as an application carries it (career page, other boards). Every question is
 * optional; `DECLINE_TO_ANSWER` is an answer, leaving a question out is none. A wrong value is refused like any
 * other field; the refusal never repeats it.
 */
export class SelfIdentificationRequest {
  @ApiPropertyOptional({
    enum: EeoGender,
    enumName: 'EeoGender',
    description: `EEO-1 gender. ${wording(EEO_WORDING.gender)}.`,
  })
  @IsOptional()
  @IsEnum(EeoGender)
  gender?: EeoGender;

  @ApiPropertyOptional({
    enum: EeoRaceEthnicity,
    enumName: 'EeoRaceEthnicity',
    description: `The seven EEO-1 race/ethnicity categories (Hispanic or Latino excludes the others). ${wording(EEO_WORDING.raceEthnicity)}.`,
  })
  @IsOptional()
  @IsEnum(EeoRaceEthnicity)
  raceEthnicity?: EeoRaceEthnicity;

  @ApiPropertyOptional({
    enum: EeoVeteranStatus,
    enumName: 'EeoVeteranStatus',
    description: `VEVRAA protected veteran status. ${wording(EEO_WORDING.veteranStatus)}.`,
  })
  @IsOptional()
  @IsEnum(EeoVeteranStatus)
  veteranStatus?: EeoVeteranStatus;

  @ApiPropertyOptional({
    enum: EeoDisabilityStatus,
    enumName: 'EeoDisabilityStatus',
    description: `Disability status (form CC-305). ${wording(EEO_WORDING.disabilityStatus)}.`,
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
