import { Field, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { OfferModel } from '../offer.model';

@ObjectType()
export class OfferPayload {
  @Field(() => OfferModel, { nullable: true })
  offer?: OfferModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}
