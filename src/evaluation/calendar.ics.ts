import { InterviewKind, InterviewStatus } from './evaluation.enums';

/** One interview as a calendar event: what the feed shows, and nothing more (no e-mail, phone or pay). */
export interface CalendarInterview {
  id: string;
  kind: InterviewKind;
  status: InterviewStatus;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  location: string | null;
  videoUrl: string | null;
  /** The iCalendar SEQUENCE: raised by every reschedule and the cancellation. */
  sequence: number;
  updatedAt: Date;
  candidateName: string;
  stageName: string;
  requisitionTitle: string;
}

const KIND_LABELS: Record<InterviewKind, string> = {
  [InterviewKind.PHONE_SCREEN]: 'Phone screen',
  [InterviewKind.CODING]: 'Coding interview',
  [InterviewKind.ML_SYSTEM_DESIGN]: 'ML system design',
  [InterviewKind.ML_FUNDAMENTALS]: 'ML fundamentals',
  [InterviewKind.PAPER_DISCUSSION]: 'Paper discussion',
  [InterviewKind.TAKE_HOME_REVIEW]: 'Take-home review',
  [InterviewKind.BEHAVIORAL]: 'Behavioral interview',
  [InterviewKind.HIRING_MANAGER]: 'Hiring manager interview',
  [InterviewKind.OTHER]: 'Interview',
};

/** RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT values. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 §3.1: content lines longer than 75 octets are folded (CRLF and one space), never inside a character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The first line holds 75 octets; continuation lines 74 after their leading space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** UTC DATE-TIME form: 20261203T140000Z. */
export function utcDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** The local wall-clock time of `date` in `zone`, for the description ("Thu, Dec 3, 10:00"). */
function localTime(date: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

/**
 * A user's interviews as an iCalendar object (RFC 5545). Each interview is one VEVENT with a UID that never
 * changes; SEQUENCE goes up with every reschedule so calendars replace the old time; a cancelled interview stays,
 * with STATUS:CANCELLED, so calendars remove it. Times are UTC; the zone the interview was planned in is kept in
 * X-REQUISITE-TIME-ZONE and in the description.
 */
export function calendarOf(
  interviews: readonly CalendarInterview[],
  options: { host: string; name: string; now: Date },
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Requisite//Interviews//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    'X-PUBLISHED-TTL:PT15M',
  ];
  for (const interview of interviews) {
    const summary = `${KIND_LABELS[interview.kind]}: ${interview.candidateName} (${interview.stageName})`;
    const description = [
      `${KIND_LABELS[interview.kind]} with ${interview.candidateName}`,
      `Requisition: ${interview.requisitionTitle}`,
      `Stage: ${interview.stageName}`,
      `Local time: ${localTime(interview.startsAt, interview.timeZone)} – ${localTime(interview.endsAt, interview.timeZone)} (${interview.timeZone})`,
      ...(interview.videoUrl ? [`Video: ${interview.videoUrl}`] : []),
    ].join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:interview-${interview.id}@${options.host}`,
      `DTSTAMP:${utcDateTime(options.now)}`,
      `LAST-MODIFIED:${utcDateTime(interview.updatedAt)}`,
      `DTSTART:${utcDateTime(interview.startsAt)}`,
      `DTEND:${utcDateTime(interview.endsAt)}`,
      `SEQUENCE:${interview.sequence}`,
      `STATUS:${interview.status === InterviewStatus.CANCELLED ? 'CANCELLED' : 'CONFIRMED'}`,
      `SUMMARY:${escapeText(summary)}`,
      `DESCRIPTION:${escapeText(description)}`,
      ...(interview.location ? [`LOCATION:${escapeText(interview.location)}`] : []),
      ...(interview.videoUrl ? [`URL:${interview.videoUrl}`] : []),
      `X-REQUISITE-TIME-ZONE:${interview.timeZone}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
