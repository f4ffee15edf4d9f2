import { EmploymentType, SalaryPeriod, WorkplaceType } from '../requisitions/requisition.enums';
import { indeedApplyUrl, jobPageUrl, PostingView, PublishingContext } from './job-posting.view';
import { descriptionHtml } from './job-posting.json-ld';

/**
 * Characters XML 1.0 forbids anywhere (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). A document
 * containing one is not well-formed, and Indeed drops a feed that is not, so they are removed, not escaped.
 */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(text: string): string {
  return text.replace(FORBIDDEN, '');
}

/** Escaped character data for elements and attributes. */
export function escapeXml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A CDATA section; a literal "]]>" is split across two sections so it cannot end the first one early. */
export function cdata(text: string): string {
  return `<![CDATA[${xmlSafe(text).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

const element = (name: string, text: string | null | undefined): string =>
  text == null || text === '' ? '' : `<${name}>${cdata(text)}</${name}>`;

const INDEED_JOB_TYPE: Record<EmploymentType, string> = {
  [EmploymentType.FULL_TIME]: 'fulltime',
  [EmploymentType.PART_TIME]: 'parttime',
  [EmploymentType.CONTRACT]: 'contract',
  [EmploymentType.TEMPORARY]: 'temporary',
  [EmploymentType.INTERNSHIP]: 'internship',
};

const PERIOD_WORD: Record<SalaryPeriod, string> = {
  [SalaryPeriod.HOUR]: 'per hour',
  [SalaryPeriod.MONTH]: 'per month',
  [SalaryPeriod.YEAR]: 'per year',
};

/** "120000 - 150000 USD per year": Indeed's free-text salary, with the currency code (never a guessed symbol). */
export function salaryText(salary: PostingView['salary']): string | null {
  if (!salary) return null;
  const amount = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  const range =
    salary.min === salary.max ? amount(salary.min) : `${amount(salary.min)} - ${amount(salary.max)}`;
  return `${range} ${salary.currency} ${PERIOD_WORD[salary.period]}`;
}

/** RFC 822 date, as Indeed's examples use ("Tue, 25 Nov 2026 15:00:00 GMT"). */
const rfc822 = (date: Date): string => date.toUTCString();

/** The query string Indeed Apply reads from `indeed-apply-data` to render its apply form and post back to us. */
export function indeedApplyData(view: PostingView, context: PublishingContext): string {
  const location = view.locations[0];
  const params = new URLSearchParams({
    'indeed-apply-jobId': view.postingId,
    'indeed-apply-jobTitle': view.title,
    'indeed-apply-jobCompanyName': context.organizationName,
    ...(location
      ? {
          'indeed-apply-jobLocation': [location.city, location.region, location.country]
            .filter(Boolean)
            .join(', '),
        }
      : {}),
    'indeed-apply-jobUrl': jobPageUrl(context.baseUrl, view.postingId),
    'indeed-apply-postUrl': indeedApplyUrl(context.baseUrl, view.boardSlug),
    'indeed-apply-resume': 'required',
  });
  return params.toString();
}

function jobXml(view: PostingView, context: PublishingContext): string {
  const location = view.locations[0];
  const remote =
    view.workplaceType === WorkplaceType.REMOTE
      ? 'Fully remote'
      : view.workplaceType === WorkplaceType.HYBRID
        ? 'Hybrid remote'
        : null;
  return [
    '<job>',
    element('title', view.title),
    element('date', rfc822(view.publishedAt)),
    element('referencenumber', view.referenceNumber),
    element('requisitionid', view.requisitionCode),
    element('url', jobPageUrl(context.baseUrl, view.postingId)),
    element('company', context.organizationName),
    element('sourcename', context.organizationName),
    element('city', location?.city),
    element('state', location?.region),
    element('country', location?.country),
    element('postalcode', location?.postalCode),
    element('remotetype', remote),
    element('description', descriptionHtml(view)),
    element('salary', salaryText(view.salary)),
    element('education', view.educationRequirement),
    element('jobtype', INDEED_JOB_TYPE[view.employmentType]),
    element('category', view.department),
    element('indeed-apply-data', indeedApplyData(view, context)),
    '</job>',
  ].join('\n');
}

/** The whole Indeed XML feed of a board: every published posting (Indeed rejects partial feeds). */
export function buildIndeedFeed(views: PostingView[], context: PublishingContext, now: Date): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<source>',
    element('publisher', context.organizationName),
    element('publisherurl', context.organizationUrl),
    element('lastBuildDate', rfc822(now)),
    ...views.map((view) => jobXml(view, context)),
    '</source>',
    '',
  ].join('\n');
}
