import { ApplicationStatus } from '../pipeline/pipeline.enums';

/** Longest erasure reason kept: a ticket number or a short reference, never the person's data. */
export const ERASURE_REASON_MAX = 200;

/** The reason as stored (trimmed), or why it is refused. */
export function erasureReason(text: string): { reason: string } | { error: string } {
  const reason = text.trim();
  if (reason.length === 0) return { error: 'Give a reason (e.g. the ticket number of the request).' };
  if ([...reason].length > ERASURE_REASON_MAX) {
    return { error: `The reason is at most ${ERASURE_REASON_MAX} characters.` };
  }
  if (reason.includes('\u0000')) return { error: 'The reason holds a NUL character.' };
  return { reason };
}

/**
 * Why a candidate may not be erased now, or null: an ACTIVE application is a running process that erasure must not
 * end silently (reject or withdraw it first).
 */
export function erasureRefusal(statuses: readonly ApplicationStatus[]): 'ACTIVE_APPLICATION' | null {
  return statuses.includes(ApplicationStatus.ACTIVE) ? 'ACTIVE_APPLICATION' : null;
}
