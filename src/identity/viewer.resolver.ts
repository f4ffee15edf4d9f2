import { Context, Query, Resolver } from '@nestjs/graphql';
import { GraphQLContext } from '../common/graphql/request-context';
import { viewerOf } from './auth.guards';
import { ViewerModel } from './viewer.model';

@Resolver(() => ViewerModel)
export class ViewerResolver {
  @Query(() => ViewerModel, { description: 'Who is calling.' })
  viewer(@Context() context: GraphQLContext): ViewerModel {
    return ViewerModel.from(viewerOf(context));
  }
}
