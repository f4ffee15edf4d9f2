import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsString } from 'class-validator';
import { MemberRole } from '../requisition.enums';

@InputType()
export class AddRequisitionMemberInput {
  @Field(() => ID)
  @IsString()
  requisitionId!: string;

  @Field(() => ID)
  @IsString()
  userId!: string;

  @Field(() => MemberRole)
  @IsEnum(MemberRole)
  role!: MemberRole;
}

@InputType()
export class RemoveRequisitionMemberInput {
  @Field(() => ID)
  @IsString()
  requisitionId!: string;

  @Field(() => ID)
  @IsString()
  userId!: string;
}
