import ICAL from 'ical.js';
import { databaseId } from '../factories';
import {
  applicationOn,
  createEvaluationWorld,
  EvaluationWorld,
  scheduleInterview,
  slot,
} from '../factories/evaluation';
import { createTestApp, TestApp } from '../support/test-app';

const BASE = 'https://ats.example.org';

/** The feed's events, parsed by an independent iCalendar implementation (ical.js). */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: vevent.getFirstPropertyValue('status'),
      summary: event.summary,
      description: event.description,
      location: event.location,
      url: vevent.getFirstPropertyValue('url'),
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      startIsUtc: event.startDate.zone === ICAL.Timezone.utcTimezone,
      timeZone: vevent.getFirstPropertyValue('x-requisite-time-zone'),
    };
  });
}

describe('calendar feeds (REST + GraphQL)', () => {
  let t: TestApp;
  let w: EvaluationWorld;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_BASE_URL: BASE });
    w = await createEvaluationWorld(t, 2);
  });
  afterAll(() => t.close());

  const feedUrlOf = async (token: string) =>
    (await t.gqlAs<any>(token, '{ viewer { calendarFeedUrl } }')).data.viewer.calendarFeedUrl as
      string | null;
  const pathOf = (url: string) => url.slice(BASE.length);

  it("serves an interviewer's interviews as RFC 5545: stable UID, SEQUENCE per reschedule, cancelled ones kept", async () => {
    const me = w.interviewers[0];
    const url = await feedUrlOf(me.token);
    expect(url).toMatch(/^https:\/\/ats\.example\.org\/v1\/calendars\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(await feedUrlOf(me.token)).toBe(url);
    const stored = await t.sql(`SELECT token_hash FROM calendar_feed WHERE user_id = $1`, [
      databaseId(me.id),
    ]);
    expect(stored).toHaveLength(1);
    expect(url).not.toContain(stored[0].token_hash);

    const { candidate, application } = await applicationOn(t, w.requisition.id, 'Grace Hopper');
    const first = slot(72);
    const kept = await scheduleInterview(t, {
      applicationId: application.id,
      kind: 'ML_SYSTEM_DESIGN',
      ...first,
      timeZone: 'Asia/Tokyo',
      interviewerIds: [me.id],
      location: 'Room 7; 2nd floor, east wing',
      videoUrl: 'https://meet.example.com/xyz',
    });
    const dropped = await scheduleInterview(t, {
      applicationId: application.id,
      ...slot(80),
      interviewerIds: [me.id],
    });
    const moved = slot(75);
    await t.ok(
      `mutation($input: RescheduleInterviewInput!) { rescheduleInterview(input: $input) { interview { id } userErrors { code } } }`,
      { input: { id: kept.interview.id, ...moved } },
    );
    await t.ok(
      `mutation($input: CancelInterviewInput!) { cancelInterview(input: $input) { interview { id } userErrors { code } } }`,
      { input: { id: dropped.interview.id, reason: 'Position re-scoped' } },
    );
    // Someone else's interview is not in my feed.
    await scheduleInterview(t, {
      applicationId: application.id,
      ...slot(90),
      interviewerIds: [w.interviewers[1].id],
    });

    const response = await t.http.get(pathOf(url!));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/calendar/);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const text = response.text;
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const events = parse(text);
    expect(events).toEqual([
      {
        uid: `interview-${databaseId(kept.interview.id)}@ats.example.org`,
        sequence: 1,
        status: 'CONFIRMED',
        summary: 'ML system design: Grace Hopper (Applied)',
        description: expect.stringContaining('(Asia/Tokyo)'),
        location: 'Room 7; 2nd floor, east wing',
        url: 'https://meet.example.com/xyz',
        start: moved.startsAt,
        end: moved.endsAt,
        startIsUtc: true,
        timeZone: 'Asia/Tokyo',
      },
      expect.objectContaining({
        uid: `interview-${databaseId(dropped.interview.id)}@ats.example.org`,
        sequence: 1,
        status: 'CANCELLED',
      }),
    ]);
    // The candidate by name only: no e-mail, no phone, no pay.
    expect(text).not.toContain(candidate.email);
    // Pay as amounts or currency, the phone as given; the date-time lines (20261206T120000Z) are left out of the
    // search, since an interview at noon UTC is not a salary.
    const withoutTimes = text.replace(/^(DTSTART|DTEND|DTSTAMP|LAST-MODIFIED)[^\r\n]*$/gm, '');
    expect(withoutTimes).not.toMatch(/120000|150000|USD|\+1 ?415/);

    // The UID never changes; a second reschedule raises SEQUENCE again.
    await t.ok(
      `mutation($input: RescheduleInterviewInput!) { rescheduleInterview(input: $input) { interview { id } userErrors { code } } }`,
      { input: { id: kept.interview.id, ...slot(76) } },
    );
    const again = parse((await t.http.get(pathOf(url!))).text);
    expect(again[0]).toMatchObject({ uid: events[0].uid, sequence: 2 });
  });

  it('rotating the token retires the old URL (404 like any missing page); unknown and malformed tokens are 404', async () => {
    const me = w.interviewers[1];
    const before = await feedUrlOf(me.token);
    const rotated = await t.gqlAs<any>(
      me.token,
      `mutation($input: RotateCalendarFeedTokenInput) { rotateCalendarFeedToken(input: $input) { calendarFeedUrl userErrors { code } } }`,
      { input: {} },
    );
    const after = rotated.data.rotateCalendarFeedToken.calendarFeedUrl;
    expect(after).toMatch(/\.ics$/);
    expect(after).not.toBe(before);
    expect(await feedUrlOf(me.token)).toBe(after);
    expect((await t.http.get(pathOf(after))).status).toBe(200);
    for (const path of [
      pathOf(before!),
      `/v1/calendars/${'A'.repeat(43)}.ics`,
      '/v1/calendars/short.ics',
      pathOf(after).replace(/\.ics$/, ''),
      `/v1/calendars/..%2F..%2Fetc%2Fpasswd.ics`,
    ]) {
      const response = await t.http.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const [audit] = await t.sql(
      `SELECT action, changes::text AS changes FROM audit_entry WHERE action = 'rotateCalendarFeedToken' AND $1 = ANY(subject_ids)`,
      [databaseId(me.id)],
    );
    expect(audit.changes).not.toContain(after.slice(-47, -4));
  });

  it('API keys have no calendar feed', async () => {
    const created = await t.ok<any>(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
      { input: { name: 'calendar', scopes: ['interviews:read'] } },
    );
    expect(await feedUrlOf(created.createApiKey.secret)).toBeNull();
  });
});
