import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Requires } from '../common/auth/permissions';
import { databaseIdOf } from '../common/graphql/global-id';
import { ReprocessInboundDeliveryInput } from './dto/job-board.inputs';
import { ReprocessInboundDeliveryPayload } from './dto/job-board.payloads';
import { InboundDeliveryModel } from './inbound-delivery.model';
import { InboundIntakeService } from './inbound-intake.service';
import { JobBoardsService } from './job-boards.service';

/** Operators' handling of what boards pushed (listed on each board as `inboundDeliveries`). */
@Resolver(() => InboundDeliveryModel)
export class InboundDeliveriesResolver {
  constructor(
    private readonly intake: InboundIntakeService,
    private readonly boards: JobBoardsService,
  ) {}

  @Mutation(() => ReprocessInboundDeliveryPayload, {
    description:
      'Runs the processing of a failed Indeed or Standard Webhooks delivery again from its stored body. Not for a delivery refused for its signature; one that already made an application is returned unchanged.',
  })
  @Requires('job_boards:manage')
  async reprocessInboundDelivery(
    @Args('input') input: ReprocessInboundDeliveryInput,
  ): Promise<ReprocessInboundDeliveryPayload> {
    const id = databaseIdOf(input.id, 'InboundDelivery');
    await this.intake.reprocess(id);
    const [row] = await this.boards.findDeliveriesByIds([id]);
    return { inboundDelivery: row ? InboundDeliveryModel.from(row) : null, userErrors: [] };
  }
}
