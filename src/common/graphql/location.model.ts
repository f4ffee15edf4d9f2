import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsISO31661Alpha2, IsOptional, IsString, MaxLength } from 'class-validator';
import type { LocationValue } from '../location';

@ObjectType('Location')
export class LocationModel {
  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true, description: 'State, province or region.' })
  region!: string | null;

  @Field({ description: 'ISO 3166-1 alpha-2 country code, e.g. "US".' })
  country!: string;

  @Field(() => String, { nullable: true })
  postalCode!: string | null;

  static from(this: void, value: LocationValue): LocationModel {
    return Object.assign(new LocationModel(), {
      city: value.city ?? null,
      region: value.region ?? null,
      country: value.country,
      postalCode: value.postalCode ?? null,
    });
  }
}

@InputType()
export class LocationInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  city?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  region?: string | null;

  @Field({ description: 'ISO 3166-1 alpha-2 country code, e.g. "US".' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as "US"' })
  country!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  postalCode?: string | null;
}
