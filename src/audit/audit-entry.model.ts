import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { AuditEntryEntity } from './audit-entry.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

@ObjectType('AuditChange')
export class AuditChangeModel {
  @Field()
  field!: string;

  @Field(() => String, { nullable: true, description: 'JSON of the value before.' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'JSON of the value after.' })
  after!: string | null;
}

@ObjectType('AuditEntry', { implements: () => [Node] })
export class AuditEntryModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field({ description: '"user:<uuid>", "api_key:<uuid>", "system" or "anonymous".' })
  actor!: string;

  @Field()
  action!: string;

  @Field(() => String, { nullable: true })
  subjectType!: string | null;

  @Field(() => [String], { description: 'Database ids of the records concerned.' })
  subjectIds!: string[];

  @Field(() => [AuditChangeModel])
  changes!: AuditChangeModel[];

  @Field(() => String, { nullable: true })
  requestId!: string | null;

  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field(() => GraphQLDateTime)
  occurredAt!: Date;

  static from(this: void, row: AuditEntryEntity): AuditEntryModel {
    return Object.assign(new AuditEntryModel(), {
      id: toGlobalId('AuditEntry', row.id),
      actor: row.actor,
      action: row.action,
      subjectType: row.subjectType,
      subjectIds: row.subjectIds,
      changes: Object.entries(row.changes).map(([field, change]) =>
        Object.assign(new AuditChangeModel(), {
          field,
          before: change.before === undefined ? null : JSON.stringify(change.before),
          after: change.after === undefined ? null : JSON.stringify(change.after),
        }),
      ),
      requestId: row.requestId,
      ip: row.ip,
      occurredAt: row.occurredAt,
    });
  }
}

@ObjectType()
export class AuditEntryConnection extends Connection(AuditEntryModel, 'AuditEntry') {}
