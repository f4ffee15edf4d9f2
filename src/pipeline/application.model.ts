import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { ApplicationEntity } from './application.entity';
import { ApplicationSourceKind, ApplicationStatus } from './pipeline.enums';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(ApplicationStatus, { name: 'ApplicationStatus' });
registerEnumType(ApplicationSourceKind, { name: 'ApplicationSourceKind' });

@ObjectType('ApplicationSource')
export class ApplicationSourceModel {
  @Field(() => ApplicationSourceKind)
  kind!: ApplicationSourceKind;

  @Field(() => String, { nullable: true, description: 'The board, referrer, agency or event.' })
  detail!: string | null;
}

@ObjectType('Application', { implements: () => [Node], description: 'A candidate on a requisition.' })
export class ApplicationModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field(() => ApplicationStatus)
  status!: ApplicationStatus;

  @Field(() => ApplicationSourceModel)
  source!: ApplicationSourceModel;

  @Field(() => String, { nullable: true })
  rejectionReason!: string | null;

  @Field(() => GraphQLDateTime)
  appliedAt!: Date;

  @Field(() => GraphQLDateTime)
  lastActivityAt!: Date;

  @Field(() => Int)
  version!: number;

  row!: ApplicationEntity;

  static from(this: void, row: ApplicationEntity): ApplicationModel {
    return Object.assign(new ApplicationModel(), {
      id: toGlobalId('Application', row.id),
      status: row.status,
      source: Object.assign(new ApplicationSourceModel(), { kind: row.sourceKind, detail: row.sourceDetail }),
      rejectionReason: row.rejectionReason,
      appliedAt: row.appliedAt,
      lastActivityAt: row.lastActivityAt,
      version: row.version,
      row,
    });
  }
}

@ObjectType()
export class ApplicationConnection extends Connection(ApplicationModel, 'Application') {}
