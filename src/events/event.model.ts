import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';
import { NodeTypeName, toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { PageInfo } from '../common/graphql/connection';
import { EventEntity } from './event.entity';
import { AggregateType } from './event-types';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

const AGGREGATE_NODE = {
  requisition: 'Requisition',
  candidate: 'Candidate',
  application: 'Application',
  job_posting: 'JobPosting',
  note: 'Note',
  interview: 'Interview',
  scorecard: 'Scorecard',
  offer: 'Offer',
} as const satisfies Record<AggregateType, NodeTypeName>;

@ObjectType('Event', {
  implements: () => [Node],
  description:
    'Something that happened, as recorded in the same transaction as the change. Payloads carry ids and changed field names, never e-mail, phone or resume text; docs/events.md lists every type.',
})
export class EventModel implements Node {
  @Field(() => ID, {
    description: 'Stable: the same in the feed, in webhook payloads (`data.eventId`) and forever.',
  })
  id!: string;

  @Field({ description: 'e.g. `application.stage_changed`' })
  type!: string;

  @Field(() => GraphQLDateTime)
  occurredAt!: Date;

  @Field({
    description:
      '`requisition`, `candidate`, `application`, `job_posting`, `note`, `interview`, `scorecard` or `offer`.',
  })
  aggregateType!: string;

  @Field(() => ID, { description: 'The global id of the record the event belongs to.' })
  aggregateId!: string;

  @Field(() => Int, { description: "The event's number within its aggregate: 1, 2, 3… without gaps." })
  sequence!: number;

  @Field(() => GraphQLJSON, { description: 'The payload (the `data` of the webhook body).' })
  data!: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: '`user:<id>`, `api_key:<id>` or `system`.' })
  actor!: string | null;

  static from(this: void, row: EventEntity): EventModel {
    const nodeType = AGGREGATE_NODE[row.aggregateType as keyof typeof AGGREGATE_NODE];
    return Object.assign(new EventModel(), {
      id: toGlobalId('Event', row.id),
      type: row.type,
      occurredAt: row.occurredAt,
      aggregateType: row.aggregateType,
      aggregateId: nodeType ? toGlobalId(nodeType, row.aggregateId) : row.aggregateId,
      sequence: row.sequence,
      data: row.data,
      actor: row.actor,
    });
  }
}

@ObjectType('EventEdge')
export class EventEdge {
  @Field()
  cursor!: string;

  @Field(() => EventModel)
  node!: EventModel;
}

@ObjectType('EventConnection', {
  description:
    'A page of the event feed, oldest first whichever way it was read. `pageInfo.endCursor` is where to continue forward (it is the `after` given when the page is empty), so a poller keeps one cursor forever; `pageInfo.startCursor` is where to continue backward (it is the `before` given when the page is empty).',
})
export class EventConnection {
  @Field(() => [EventEdge])
  edges!: EventEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
