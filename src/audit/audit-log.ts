import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CurrentRequest } from '../common/current-request';
import { AuditRepository } from './audit.repository';

export interface AuditRecord {
  action: string;
  subjectType?: string | null;
  subjectIds?: string[];
  changes?: Record<string, { before: unknown; after: unknown }>;
  /** Overrides the current request's principal (e.g. the user a sign-in was for). */
  actor?: string;
  actorId?: string | null;
}

/** Field names whose values never enter the audit log. */
const SECRET_FIELDS = /password|secret|token|hash/i;

/** JSON with object keys sorted: jsonb hands objects back with its own key order, which is not a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * Before/after of the fields `after` sets that differ from `before` (missing and null are the same: no value);
 * secrets are marked, not copied, but whether there was one before and after still shows.
 */
export function diff(before: object, after: object): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const redacted = (value: unknown) => (value == null ? null : '[redacted]');
  for (const [field, value] of Object.entries(after)) {
    const previous = (before as Record<string, unknown>)[field];
    if (canonical(previous) === canonical(value)) continue;
    changes[field] = SECRET_FIELDS.test(field)
      ? { before: redacted(previous), after: redacted(value) }
      : { before: previous ?? null, after: value ?? null };
  }
  return changes;
}

/**
 * Appends to the audit log. With a manager, on the caller's transaction: the entry commits with the change it
 * describes. Actor, request id and IP come from the current request.
 */
@Injectable()
export class AuditLog {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: AuditRepository,
  ) {}

  async record(manager: EntityManager | null, record: AuditRecord): Promise<void> {
    const request = CurrentRequest.current();
    await this.entries.append(manager ?? this.dataSource.manager, {
      actor: record.actor ?? CurrentRequest.actor(),
      actorId: record.actorId !== undefined ? record.actorId : CurrentRequest.actorId(),
      action: record.action,
      subjectType: record.subjectType ?? null,
      subjectIds: record.subjectIds ?? [],
      changes: record.changes ?? {},
      requestId: request?.requestId ?? null,
      ip: request?.ip ?? null,
    });
  }
}
