import { Args, Query, Resolver } from '@nestjs/graphql';
import { Requires } from '../common/auth/permissions';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { AuditEntriesService } from './audit-entries.service';
import { AuditEntryConnection, AuditEntryModel } from './audit-entry.model';
import { AuditEntriesArgs } from './dto/audit-entries.args';

@Resolver(() => AuditEntryModel)
export class AuditResolver {
  constructor(private readonly entries: AuditEntriesService) {}

  @Query(() => AuditEntryConnection, { description: 'Admins only. Newest first.' })
  @Requires('administer')
  async auditEntries(@Args() args: AuditEntriesArgs): Promise<AuditEntryConnection> {
    const page = toPageRequest(args);
    return toConnection(
      await this.entries.findPage(args.filter, page),
      page,
      (e) => ({ key: e.occurredAt.getTime(), id: e.id }),
      AuditEntryModel.from,
      () => this.entries.count(args.filter),
    );
  }
}
