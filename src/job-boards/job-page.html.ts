import { WorkplaceType } from '../requisitions/requisition.enums';
import { salaryText } from './indeed-feed.xml';
import { descriptionHtml } from './job-posting.json-ld';
import { PostingView } from './job-posting.view';

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * JSON safe inside <script type="application/ld+json">: no "<" (so no "</script>" or "<!--"), ">" or "&" can
 * appear literally, and the line separators some parsers choke on are escaped. Still the same JSON value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const WORKPLACE: Record<WorkplaceType, string> = {
  [WorkplaceType.ON_SITE]: 'On site',
  [WorkplaceType.HYBRID]: 'Hybrid',
  [WorkplaceType.REMOTE]: 'Remote',
};

const page = (title: string, head: string, body: string): string =>
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}</head>
<body>
${body}
</body>
</html>
`;

/** The public job page: what a candidate reads, with the JSON-LD search engines index. */
export function renderJobPage(
  view: PostingView,
  jsonLd: Record<string, unknown>,
  organizationName: string,
): string {
  const places = view.locations
    .map((l) => [l.city, l.region, l.country].filter(Boolean).join(', '))
    .join(' · ');
  const salary = salaryText(view.salary);
  const facts = [WORKPLACE[view.workplaceType], places, salary].filter(Boolean) as string[];
  return page(
    `${view.title} — ${organizationName}`,
    `<script type="application/ld+json">${jsonForScript(jsonLd)}</script>\n`,
    `<main>
<p>${escapeHtml(organizationName)}</p>
<h1>${escapeHtml(view.title)}</h1>
<p>${facts.map(escapeHtml).join(' · ')}</p>
<p>Reference ${escapeHtml(view.referenceNumber)}</p>
<section>${descriptionHtml(view)}</section>
</main>`,
  );
}

/** What a link to a posting that was taken down shows (with 410 Gone). */
export function renderGonePage(organizationName: string): string {
  return page(
    `Position no longer available — ${organizationName}`,
    '<meta name="robots" content="noindex">\n',
    '<main><h1>This position is no longer available.</h1></main>',
  );
}

export function renderNotFoundPage(organizationName: string): string {
  return page(
    `Not found — ${organizationName}`,
    '<meta name="robots" content="noindex">\n',
    '<main><h1>There is no such job here.</h1></main>',
  );
}
