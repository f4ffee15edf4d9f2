import {
  Args,
  ArgsType,
  Field,
  GraphQLISODateTime,
  ID,
  InputType,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Connection, ConnectionArgs } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { keysetSql, namedBinder, toConnection, toPageRequest } from '../common/graphql/keyset';
import { Node } from '../common/graphql/node.interface';
import { Requires } from '../common/auth/permissions';
import { AuditEntryEntity } from './audit-entry.entity';
import { SelectQueryBuilder } from 'typeorm';

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

  @Field(() => GraphQLISODateTime)
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

@InputType()
export class AuditEntryFilter {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'E.g. "user:<uuid>".' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  actor?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  @Type(() => Date)
  since?: Date | null;
}

@ArgsType()
export class AuditEntriesArgs extends ConnectionArgs {
  @Field(() => AuditEntryFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditEntryFilter)
  filter?: AuditEntryFilter | null;
}

@Resolver(() => AuditEntryModel)
export class AuditResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Query(() => AuditEntryConnection, { description: 'Admins only. Newest first.' })
  @Requires('administer')
  async auditEntries(@Args() args: AuditEntriesArgs): Promise<AuditEntryConnection> {
    const page = toPageRequest(args);
    const filtered = () => {
      const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('e');
      return applyFilter(qb, args.filter);
    };
    const params: Record<string, unknown> = {};
    const keyset = keysetSql(page, 'e.occurred_at', 'e.id', namedBinder(params));
    const rows = await filtered()
      .andWhere(keyset.where, params)
      .orderBy('e.occurred_at', keyset.direction)
      .addOrderBy('e.id', keyset.direction)
      .limit(keyset.limit)
      .getMany();
    return toConnection(
      rows,
      page,
      (e) => ({ key: e.occurredAt.getTime(), id: e.id }),
      AuditEntryModel.from,
      () => filtered().getCount(),
    );
  }
}

function applyFilter(
  qb: SelectQueryBuilder<AuditEntryEntity>,
  filter: AuditEntryFilter | null | undefined,
): SelectQueryBuilder<AuditEntryEntity> {
  if (filter?.action) qb.andWhere('e.action = :action', { action: filter.action });
  if (filter?.actor) qb.andWhere('e.actor = :actor', { actor: filter.actor });
  if (filter?.since) qb.andWhere('e.occurred_at >= :since', { since: filter.since });
  return qb;
}
