/** Which entries of the audit log to list; absent fields do not filter. */
export interface AuditEntryListFilter {
  /** Exactly this action, e.g. "updateUser". */
  action?: string | null;
  /** Exactly this actor, e.g. "user:<uuid>". */
  actor?: string | null;
  /** Only entries that occurred at or after it. */
  since?: Date | null;
}
