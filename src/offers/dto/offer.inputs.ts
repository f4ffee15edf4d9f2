import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsEnum,
  IsInt,
  IsISO4217CurrencyCode,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { ConnectionArgs } from '../../common/graphql/connection';
import { SalaryPeriod } from '../../requisitions/requisition.enums';
import { OfferResponse, OfferStatus } from '../offer.enums';
import { MAX_APPROVERS } from '../offers.service';
import { GraphQLDateTime } from '../../common/graphql/date-time.scalar';

/**
 * At most two decimal places (cents). class-validator's `maxDecimalPlaces` reads the digits after a '.' in the
 * number's text and throws on numbers written with an exponent (1e-7 has no '.'), which answered a 500.
 */
function HasCents(): PropertyDecorator {
  return ValidateBy({
    name: 'hasCents',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' && Math.abs(value * 100 - Math.round(value * 100)) < 1e-6,
      defaultMessage: () => '$property has at most two decimal places',
    },
  });
}

@InputType()
export class MoneyInput {
  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @HasCents()
  @Min(0)
  @Max(100_000_000)
  amount!: number;

  @Field({ description: 'ISO 4217 code, e.g. "USD".' })
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code such as "USD"' })
  currency!: string;

  @Field(() => SalaryPeriod, {
    nullable: true,
    description: 'Required for a base salary; absent for a one-time amount (a sign-on bonus).',
  })
  @IsOptional()
  @IsEnum(SalaryPeriod)
  period?: SalaryPeriod | null;
}

@InputType()
export class CreateOfferInput {
  @Field(() => ID)
  @IsString()
  applicationId!: string;

  @Field(() => MoneyInput)
  @ValidateNested()
  @Type(() => MoneyInput)
  baseSalary!: MoneyInput;

  @Field(() => MoneyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  signOnBonus?: MoneyInput | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  equity?: string | null;

  @Field({ description: 'A calendar date, YYYY-MM-DD.' })
  @IsString()
  @MaxLength(10)
  startDate!: string;

  @Field(() => GraphQLDateTime, { description: 'When a sent offer lapses; in the future.' })
  @IsDate()
  expiresAt!: Date;

  @Field(() => [ID], {
    defaultValue: [],
    description: `Up to ${MAX_APPROVERS} users who approve, in this order (admins, recruiters, or hiring managers on the requisition's team).`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_APPROVERS)
  @IsString({ each: true })
  approverIds: string[] = [];
}

@InputType({
  description: 'Absent fields stay as they are; `signOnBonus: null` or `equity: null` remove them.',
})
export class UpdateOfferInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;

  @Field(() => MoneyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  baseSalary?: MoneyInput | null;

  @Field(() => MoneyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  signOnBonus?: MoneyInput | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  equity?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  startDate?: string | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  expiresAt?: Date | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the chain.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_APPROVERS)
  @IsString({ each: true })
  approverIds?: string[] | null;
}

@InputType()
export class OfferInput {
  @Field(() => ID)
  @IsString()
  id!: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class OfferDecisionInput extends OfferInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string | null;
}

@InputType()
export class RecordOfferResponseInput extends OfferInput {
  @Field(() => OfferResponse)
  @IsEnum(OfferResponse)
  response!: OfferResponse;

  @Field(() => ID, { nullable: true, description: 'For a decline: a THEY_WITHDREW rejection reason.' })
  @IsOptional()
  @IsString()
  reasonId?: string | null;
}

@ArgsType()
export class OffersArgs extends ConnectionArgs {
  @Field(() => OfferStatus, { nullable: true })
  @IsOptional()
  @IsEnum(OfferStatus)
  status?: OfferStatus | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  requisitionId?: string | null;
}
