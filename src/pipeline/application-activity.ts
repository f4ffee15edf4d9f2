import { Injectable } from '@nestjs/common';
import { Field, InterfaceType } from '@nestjs/graphql';
import { ParamBinder } from '../common/graphql/keyset';
import { Principal } from '../identity/principal';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

/**
 * One entry of an application's timeline, whatever recorded it. Each source has its own concrete type (a stage
 * transition, a note, an interview…); `kind` names what happened with the vocabulary of the event it wrote
 * (`application.stage_changed`, `note.created`, …).
 */
@InterfaceType('ActivityItem', {
  description:
    "One entry of an application's timeline (`Application.activity`), newest first. The concrete type says which record it is; `kind` says what happened, named like the event it wrote.",
  // Items are class instances, so the class itself names the concrete type (as for Node).
  resolveType: (value: object) => value.constructor,
})
export abstract class ActivityItem {
  @Field(() => GraphQLDateTime)
  occurredAt!: Date;

  @Field({
    description:
      'What happened: `application.created`, `application.stage_changed`, `application.status_changed`, `note.created`, and for the sources evaluation adds `interview.scheduled`, `interview.rescheduled`, `interview.cancelled`, `scorecard.submitted`.',
  })
  kind!: string;

  /** `user:<uuid>`, `api_key:<uuid>` or `system`: `actor` resolves the user. */
  actorRef!: string | null;
}

/** One row of the union, as the timeline's single statement returns it. */
export interface ActivityRow {
  source: string;
  applicationId: string;
  id: string;
  occurredAt: Date;
  actor: string | null;
  /** Whatever the source selected to build its item (usually `to_jsonb` of its row). */
  data: Record<string, unknown>;
}

/**
 * A kind of record that belongs on applications' timelines. The module that owns the records registers a source
 * at start-up (pipeline its stage and status transitions, notes its notes, evaluation its interviews and
 * scorecards), so pipeline shows them without importing any of them.
 *
 * A source gives SQL, not rows: the timeline is one keyset page over the union of every source, fetched in **one
 * statement** whatever the mix of kinds, so a source never runs queries of its own.
 */
export interface ActivitySource {
  /** Tags the source's rows in the union; unique among sources (`stage_transition`, `note`, …). */
  readonly name: string;

  /**
   * A SELECT of the items of the application `applicationIdExpr` (an SQL expression) that `viewer` may see,
   * with exactly these columns: `id` (uuid, unique across sources), `occurred_at` (timestamptz), `actor`
   * (varchar, nullable) and `data` (jsonb). The timeline wraps it in a keyset condition, an order on
   * (`occurred_at` DESC, `id` DESC) and a limit, so it should be a plain SELECT over a table with an index on
   * (application, occurred_at, id). Parameters go through `bind`. Null when the viewer may see none of it.
   */
  select(viewer: Principal, applicationIdExpr: string, bind: ParamBinder): string | null;

  /** An item of the source's concrete GraphQL type (which implements `ActivityItem`) from one of its rows. */
  toItem(row: ActivityRow): ActivityItem;
}

/**
 * The port: which sources make up an application's timeline. Pipeline registers its transitions; modules above
 * register theirs in `onModuleInit`.
 */
@Injectable()
export class ApplicationActivity {
  private readonly registered = new Map<string, ActivitySource>();

  register(source: ActivitySource): void {
    if (this.registered.has(source.name)) {
      throw new Error(`Activity source ${source.name} is registered twice.`);
    }
    this.registered.set(source.name, source);
  }

  sources(): ActivitySource[] {
    return [...this.registered.values()];
  }

  source(name: string): ActivitySource {
    const source = this.registered.get(name);
    if (!source) throw new Error(`No activity source ${name}.`);
    return source;
  }
}
