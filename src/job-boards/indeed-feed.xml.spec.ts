import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { EmploymentType, SalaryPeriod, WorkplaceType } from '../requisitions/requisition.enums';
import { buildIndeedFeed, cdata, escapeXml, indeedApplyData, salaryText, xmlSafe } from './indeed-feed.xml';
import { CONTEXT, postingView } from './job-posting.fixture';

const NOW = new Date('2026-11-25T12:00:00.000Z');

describe('xmlSafe', () => {
  it.each<[string, string, string]>([
    ['keeps tab, LF, CR', 'a\tb\nc\rd', 'a\tb\nc\rd'],
    ['drops C0 controls', 'a\u0000b\u0001c\u0008d\u000be\u001ff', 'abcdef'],
    ['drops U+FFFE and U+FFFF', 'a\uFFFEb\uFFFFc', 'abc'],
    ['drops lone surrogates', 'a\uD800b\uDC00c', 'abc'],
    ['keeps astral characters', 'model 🤖 ok', 'model 🤖 ok'],
    ['keeps non-ASCII', 'Zürich — 東京 — Ελλάδα', 'Zürich — 東京 — Ελλάδα'],
  ])('%s', (_name, input, expected) => {
    expect(xmlSafe(input)).toBe(expected);
  });
});

describe('escapeXml', () => {
  it('escapes the five special characters', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;',
    );
  });
});

describe('cdata', () => {
  it.each<[string, string]>([
    ['plain', '<![CDATA[plain]]>'],
    ['a]]>b', '<![CDATA[a]]]]><![CDATA[>b]]>'],
    [']]>]]>', '<![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]>'],
    ['<b>&</b>', '<![CDATA[<b>&</b>]]>'],
  ])('%j → %s', (input, expected) => {
    expect(cdata(input)).toBe(expected);
  });

  it.each(['a]]>b', ']]>', 'x]]]>y', ']]>]]>', 'end]]'])('round-trips %j through a real parser', (text) => {
    const xml = `<r>${cdata(text)}</r>`;
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ cdataPropName: false, trimValues: false, parseTagValue: false }).parse(
      xml,
    ) as {
      r: string;
    };
    expect(parsed.r).toBe(text);
  });
});

describe('salaryText', () => {
  it.each<[Parameters<typeof salaryText>[0], string | null]>([
    [
      { min: 120000, max: 150000, currency: 'USD', period: SalaryPeriod.YEAR },
      '120000 - 150000 USD per year',
    ],
    [{ min: 55.5, max: 70, currency: 'EUR', period: SalaryPeriod.HOUR }, '55.50 - 70 EUR per hour'],
    [{ min: 9000, max: 9000, currency: 'GBP', period: SalaryPeriod.MONTH }, '9000 GBP per month'],
    [null, null],
  ])('%j → %s', (salary, expected) => {
    expect(salaryText(salary)).toBe(expected);
  });
});

describe('indeedApplyData', () => {
  it('points Indeed Apply at our inbound URL for the board', () => {
    const params = new URLSearchParams(indeedApplyData(postingView(), CONTEXT));
    expect(params.get('indeed-apply-jobId')).toBe('6f1c1d1e-0000-4000-8000-000000000001');
    expect(params.get('indeed-apply-postUrl')).toBe(
      'https://jobs.acme.example/v1/integrations/indeed/indeed-us/applications',
    );
    expect(params.get('indeed-apply-jobTitle')).toBe('Senior Machine Learning Engineer, Ranking');
    expect(params.get('indeed-apply-jobCompanyName')).toBe('Acme AI');
  });
});

describe('buildIndeedFeed', () => {
  const parse = (xml: string) =>
    new XMLParser({ ignoreDeclaration: true, parseTagValue: false, trimValues: false }).parse(xml) as {
      source: { publisher: string; publisherurl: string; lastBuildDate: string; job?: unknown };
    };

  it('is well-formed whatever the text holds, and keeps the text', () => {
    const hostile = 'R&D <lead> ]]> Zürich 東京 🤖 \u0000\u0007\uFFFE "quoted" \'single\'';
    const xml = buildIndeedFeed(
      [
        postingView({ title: hostile, description: `${hostile}\n\n</description>]]></job>` }),
        postingView({ postingId: '6f1c1d1e-0000-4000-8000-000000000002', referenceNumber: 'JP-000043' }),
      ],
      { ...CONTEXT, organizationName: 'Acme & Söhne <AI>' },
      NOW,
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(Buffer.from(xml, 'utf8').toString('utf8')).toBe(xml);
    const feed = parse(xml).source;
    expect(feed.publisher).toBe('Acme & Söhne <AI>');
    expect(feed.lastBuildDate).toBe('Wed, 25 Nov 2026 12:00:00 GMT');
    const jobs = feed.job as Record<string, string>[];
    expect(jobs).toHaveLength(2);
    expect(jobs[0].title).toBe('R&D <lead> ]]> Zürich 東京 🤖  "quoted" \'single\'');
    expect(jobs[0].description).toContain('R&amp;D &lt;lead&gt; ]]&gt; Zürich');
    expect(jobs[1]).toMatchObject({
      referencenumber: 'JP-000043',
      requisitionid: 'REQ-00042',
      url: 'https://jobs.acme.example/jobs/6f1c1d1e-0000-4000-8000-000000000002',
      company: 'Acme & Söhne <AI>',
      city: 'San Francisco',
      state: 'CA',
      country: 'US',
      postalcode: '94105',
      salary: '180000 - 220000 USD per year',
      jobtype: 'fulltime',
      date: 'Fri, 20 Nov 2026 09:30:00 GMT',
    });
    expect(jobs[1]['indeed-apply-data']).toContain('indeed-apply-postUrl=');
  });

  it.each<[EmploymentType, WorkplaceType, string, string | undefined]>([
    [EmploymentType.FULL_TIME, WorkplaceType.ON_SITE, 'fulltime', undefined],
    [EmploymentType.PART_TIME, WorkplaceType.HYBRID, 'parttime', 'Hybrid remote'],
    [EmploymentType.CONTRACT, WorkplaceType.REMOTE, 'contract', 'Fully remote'],
    [EmploymentType.TEMPORARY, WorkplaceType.ON_SITE, 'temporary', undefined],
    [EmploymentType.INTERNSHIP, WorkplaceType.ON_SITE, 'internship', undefined],
  ])('%s %s → jobtype %s, remotetype %s', (employmentType, workplaceType, jobtype, remotetype) => {
    const job = parse(buildIndeedFeed([postingView({ employmentType, workplaceType })], CONTEXT, NOW)).source
      .job as Record<string, string>;
    expect(job.jobtype).toBe(jobtype);
    expect(job.remotetype).toBe(remotetype);
  });

  it('is a valid empty feed for a board with nothing published', () => {
    const xml = buildIndeedFeed([], CONTEXT, NOW);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parse(xml).source.job).toBeUndefined();
  });
});
