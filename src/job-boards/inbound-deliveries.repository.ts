import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { rowsToEntities } from '../common/database/raw-rows';
import { keysetSql, PageRequest, positionalBinder } from '../common/graphql/keyset';
import { InboundDeliveryEntity, InboundSource } from './inbound-delivery.entity';

/** A delivery without its body, which can be large. */
export type InboundDeliverySummary = Omit<InboundDeliveryEntity, 'rawBody'> & { byteSize: number };

/** The answer given to a board, stored with the delivery so a retry gets the very same one. */
export interface InboundAnswer {
  status: number;
  body: Record<string, unknown>;
  applicationId?: string | null;
  /** For the log and the delivery row (its first 1,000 characters); never sent. */
  error?: string | null;
}

/** A delivery as received, before it is stored. */
export interface NewDelivery {
  boardId: string;
  source: InboundSource;
  /** The board's id for the application (Indeed's `id`, the `webhook-id`, the career page's Idempotency-Key). */
  externalId: string | null;
  signatureValid: boolean | null;
  contentType: string | null;
  rawBody: Buffer;
  /** The posting a career page's URL named (its body does not), kept for reprocessing; a uuid or null. */
  postingId: string | null;
}

/** What reprocessing reads of a stored delivery. */
export interface StoredDelivery {
  boardId: string;
  source: InboundSource;
  signatureValid: boolean | null;
  status: number | null;
  applicationId: string | null;
  rawBody: Buffer;
  postingId: string | null;
}

/** The answer stored for an external id, and the hash of the body it was given for. */
export interface PriorAnswer {
  status: number | null;
  body: Record<string, unknown> | null;
  sha: string;
  applicationId: string | null;
}

/** The error column's width. */
export const ERROR_COLUMN_LENGTH = 1000;

export const sha256 = (body: Buffer): string => createHash('sha256').update(body).digest('hex');

/** Columns of a summary: not the bodies themselves (up to megabytes each), their size. */
const SUMMARY_COLUMNS = `d.id, d.board_id, d.source, d.external_id, d.signature_valid, d.content_type, d.body_sha256,
  d.response_status, d.response_body, d.application_id, d.error, d.received_at, d.processed_at,
  d.posting_id, octet_length(d.raw_body) AS byte_size`;

/** Every statement on `inbound_delivery`: the applications boards pushed, as received, with their answers. */
@Injectable()
export class InboundDeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Erasure: empties the stored bodies (and the error text) of the deliveries that carried the person — those of
   * their applications, those their resumes came in, and unprocessed or refused ones whose body holds their e-mail.
   * The row stays (board, external id, status, times, answer: ids only), so a board's retry still gets its answer.
   * Returns the ids of the deliveries emptied.
   */
  async eraseBodiesAbout(
    manager: EntityManager,
    person: { applicationIds: readonly string[]; deliveryIds: readonly string[]; email: string },
  ): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `WITH changed AS (
         UPDATE inbound_delivery SET raw_body = ''::bytea, error = NULL
         WHERE application_id = ANY($1::uuid[]) OR id = ANY($2::uuid[])
            OR (application_id IS NULL AND octet_length(raw_body) > 0
                AND position(convert_to($3, 'UTF8') IN raw_body) > 0)
         RETURNING id)
       SELECT id FROM changed`,
      [[...person.applicationIds], [...person.deliveryIds], person.email],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Stores a delivery, with its answer when it is already known (a refusal before processing); null when one with
   * the same external id is stored already (which is then left as it is).
   */
  async insertUnlessKnown(
    manager: EntityManager,
    delivery: NewDelivery,
    answer: InboundAnswer | null,
  ): Promise<string | null> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO inbound_delivery (board_id, source, external_id, signature_valid, content_type, raw_body,
         body_sha256, response_status, response_body, error, posting_id, processed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $8::int IS NULL THEN NULL ELSE now() END)
       ON CONFLICT (board_id, source, external_id) WHERE external_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        delivery.boardId,
        delivery.source,
        delivery.externalId,
        delivery.signatureValid,
        delivery.contentType?.slice(0, 200) ?? null,
        delivery.rawBody,
        sha256(delivery.rawBody),
        answer?.status ?? null,
        answer?.body ?? null,
        answer?.error?.slice(0, ERROR_COLUMN_LENGTH) ?? null,
        delivery.postingId,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /** The answer a delivery was processed to, with the application it made. */
  async recordAnswer(manager: EntityManager, id: string, answer: InboundAnswer): Promise<void> {
    await manager.query(
      `UPDATE inbound_delivery SET response_status = $2, response_body = $3, application_id = $4, error = $5,
         processed_at = now() WHERE id = $1`,
      [
        id,
        answer.status,
        answer.body,
        answer.applicationId ?? null,
        answer.error?.slice(0, ERROR_COLUMN_LENGTH) ?? null,
      ],
    );
  }

  /** The stored answer to the board's external id (the delivery that came first). */
  async findPriorAnswer(
    manager: EntityManager,
    boardId: string,
    source: InboundSource,
    externalId: string,
  ): Promise<PriorAnswer | null> {
    const [prior] = await manager.query<PriorAnswer[]>(
      `SELECT response_status AS status, response_body AS body, body_sha256 AS sha, application_id AS "applicationId"
       FROM inbound_delivery WHERE board_id = $1 AND source = $2 AND external_id = $3`,
      [boardId, source, externalId],
    );
    return prior ?? null;
  }

  /** A delivery to reprocess, locked so that two operators cannot reprocess it at once. */
  async lockForReprocessing(manager: EntityManager, id: string): Promise<StoredDelivery | null> {
    const [row] = await manager.query<StoredDelivery[]>(
      `SELECT board_id AS "boardId", source, signature_valid AS "signatureValid", response_status AS status,
              application_id AS "applicationId", raw_body AS "rawBody", posting_id AS "postingId"
       FROM inbound_delivery WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  /**
   * Whether a delivery of `source` that made this application was accepted (2xx) within the last `days` days:
   * Indeed counts such an application as a duplicate.
   */
  async acceptedWithinDays(
    manager: EntityManager,
    applicationId: string,
    source: InboundSource,
    days: number,
  ): Promise<boolean> {
    const [row] = await manager.query<{ recent: boolean }[]>(
      `SELECT EXISTS (
         SELECT 1 FROM inbound_delivery d WHERE d.application_id = $1 AND d.source = $2
           AND d.response_status BETWEEN 200 AND 299
           AND d.received_at > now() - make_interval(days => $3)) AS recent`,
      [applicationId, source, days],
    );
    return row.recent;
  }

  async findSummariesByIds(ids: readonly string[]): Promise<InboundDeliverySummary[]> {
    return this.summaries(
      await this.dataSource.query<Record<string, unknown>[]>(
        `SELECT ${SUMMARY_COLUMNS} FROM inbound_delivery d WHERE d.id = ANY($1::uuid[])`,
        [[...ids]],
      ),
    );
  }

  /** A page of each board's deliveries, most recently received first: one statement for many boards. */
  async findPagesByBoards(boardIds: readonly string[], page: PageRequest): Promise<InboundDeliverySummary[]> {
    const params: unknown[] = [[...boardIds]];
    const keyset = keysetSql(page, 'd.received_at', 'd.id', positionalBinder(params));
    return this.summaries(
      await this.dataSource.query<Record<string, unknown>[]>(
        `SELECT page.* FROM unnest($1::uuid[]) AS board(id)
         CROSS JOIN LATERAL (
           SELECT ${SUMMARY_COLUMNS}
           FROM inbound_delivery d WHERE d.board_id = board.id AND ${keyset.where}
           ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}
         ) page`,
        params,
      ),
    );
  }

  /** Deliveries per board, for totalCount. */
  async countByBoards(boardIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<{ boardId: string; n: number }[]>(
      `SELECT board_id AS "boardId", count(*)::int AS n FROM inbound_delivery
       WHERE board_id = ANY($1::uuid[]) GROUP BY board_id`,
      [[...boardIds]],
    );
    return new Map(rows.map((r) => [r.boardId, r.n]));
  }

  private summaries(rows: Record<string, unknown>[]): InboundDeliverySummary[] {
    return rowsToEntities(this.dataSource.manager, InboundDeliveryEntity, rows).map((entity, i) =>
      Object.assign(entity, { byteSize: Number(rows[i].byte_size) }),
    );
  }
}
