/** A database id as PostgreSQL prints it (lower case). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Node type names that appear inside global ids. */
export type NodeTypeName =
  | 'Requisition'
  | 'PipelineStage'
  | 'Candidate'
  | 'Application'
  | 'StageTransition'
  | 'Skill'
  | 'User'
  | 'ApiKey'
  | 'AuditEntry'
  | 'JobBoard'
  | 'JobPosting'
  | 'InboundDelivery'
  | 'Event'
  | 'WebhookSubscription'
  | 'WebhookDelivery'
  | 'Resume'
  | 'Note'
  | 'Interview'
  | 'Scorecard'
  | 'RejectionReason'
  | 'Offer';

/** Opaque, type-tagged id: base64url("Requisition:<uuid>"). Clients must not parse it. */
export function toGlobalId(type: NodeTypeName, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export interface DecodedGlobalId {
  type: NodeTypeName;
  id: string;
}

export function decodeGlobalId(globalId: string): DecodedGlobalId | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 128) return null;
  if (!/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return null;
  const type = decoded.slice(0, separator) as NodeTypeName;
  const id = decoded.slice(separator + 1);
  return UUID.test(id) ? { type, id } : null;
}

/** The database id behind a global id of the expected type, or null when it is malformed or of another type. */
export function fromGlobalId(globalId: string, expected: NodeTypeName): string | null {
  const decoded = decodeGlobalId(globalId);
  return decoded && decoded.type === expected ? decoded.id : null;
}

/** The uuid no row has: what an id that names nothing decodes to. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * The database id behind a client's global id, for a use case's command. An id that is malformed or names another
 * type decodes to the nil uuid, which no row has, so the use case answers NOT_FOUND on the field as it does for any
 * unknown id (and the transport needs no error handling of its own).
 */
export function databaseIdOf(globalId: string, expected: NodeTypeName): string {
  return fromGlobalId(globalId, expected) ?? NIL_UUID;
}
