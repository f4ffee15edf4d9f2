import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { keysetSql, PageRequest, ParamBinder, positionalBinder } from '../common/graphql/keyset';
import { ActivityRow } from './application-activity';

/** One source's part of the union: its name and how to select its visible items of the parent application. */
export interface ActivityBranch {
  name: string;
  select: (applicationIdExpr: string, bind: ParamBinder) => string | null;
}

/** A branch's SELECT, or null when the caller sees none of it. */
function branchSelects(branches: readonly ActivityBranch[], bind: ParamBinder) {
  return branches.flatMap((branch) => {
    const select = branch.select('parent.id', bind);
    return select === null ? [] : [{ name: branch.name, select }];
  });
}

/** The timeline's SQL: one statement per page (and one per count) over every source, for many applications. */
@Injectable()
export class ApplicationActivityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A keyset page of each application's timeline, newest first by (occurred_at, id). Each branch takes its own
   * page (keyset and limit pushed into it, so it reads its index), then the union takes the page of pages.
   */
  async findPages(
    applicationIds: readonly string[],
    page: PageRequest,
    branches: readonly ActivityBranch[],
  ): Promise<ActivityRow[]> {
    const params: unknown[] = [[...applicationIds]];
    const bind = positionalBinder(params);
    const selects = branchSelects(branches, bind);
    if (selects.length === 0 || applicationIds.length === 0) return [];
    const keyset = keysetSql(page, 'b.occurred_at', 'b.id', bind);
    const union = selects
      .map(
        ({ name, select }) =>
          `(SELECT ${bind(name)}::text AS source, b.id, b.occurred_at, b.actor, b.data
            FROM (${select}) b WHERE ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit})`,
      )
      .join('\n UNION ALL ');
    const rows = await this.dataSource.query<
      {
        application_id: string;
        source: string;
        id: string;
        occurred_at: Date;
        actor: string | null;
        data: Record<string, unknown>;
      }[]
    >(
      `SELECT parent.id AS application_id, page.* FROM unnest($1::uuid[]) AS parent(id)
       CROSS JOIN LATERAL (
         SELECT u.* FROM (${union}) u
         ORDER BY u.occurred_at ${keyset.direction}, u.id ${keyset.direction} LIMIT ${keyset.limit}
       ) page`,
      params,
    );
    return rows.map((r) => ({
      applicationId: r.application_id,
      source: r.source,
      id: r.id,
      occurredAt: r.occurred_at,
      actor: r.actor,
      data: r.data,
    }));
  }

  /** Each application's number of visible items, over every source, in one statement. */
  async countByApplicationIds(
    applicationIds: readonly string[],
    branches: readonly ActivityBranch[],
  ): Promise<Map<string, number>> {
    const params: unknown[] = [[...applicationIds]];
    const selects = branchSelects(branches, positionalBinder(params));
    if (selects.length === 0 || applicationIds.length === 0) return new Map();
    const sum = selects.map(({ select }) => `(SELECT count(*) FROM (${select}) b)`).join(' + ');
    const rows = await this.dataSource.query<{ application_id: string; n: number }[]>(
      `SELECT parent.id AS application_id, (${sum})::int AS n FROM unnest($1::uuid[]) AS parent(id)`,
      params,
    );
    return new Map(rows.map((r) => [r.application_id, r.n]));
  }
}
