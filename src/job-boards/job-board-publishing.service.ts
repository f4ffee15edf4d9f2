import { Injectable } from '@nestjs/common';
import { encodeCursor, toPageRequest } from '../common/graphql/keyset';
import { Environment } from '../config/environment';
import { buildIndeedFeed } from './indeed-feed.xml';
import { JobBoardEntity } from './job-board.entity';
import { JobPostingStatus } from './job-board.enums';
import { JobBoardsRepository } from './job-boards.repository';
import { renderGonePage, renderJobPage, renderNotFoundPage } from './job-page.html';
import { buildJobPostingJsonLd } from './job-posting.json-ld';
import { jobPageUrl, PostingView, PublishingContext } from './job-posting.view';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A posting as the public board API lists it. */
export interface PublicPosting {
  id: string;
  referenceNumber: string;
  title: string;
  level: string;
  employmentType: string;
  workplaceType: string;
  department: string | null;
  locations: { city: string | null; region: string | null; country: string; postalCode: string | null }[];
  salaryRange: PostingView['salary'];
  skills: PostingView['skills'];
  datePosted: string;
  updatedAt: string;
  url: string;
  description?: string | null;
  responsibilities?: string[];
  educationRequirement?: string | null;
}

export interface PublicPostingPage {
  data: PublicPosting[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export type PostingLookup = { kind: 'found'; view: PostingView } | { kind: 'gone' } | { kind: 'not_found' };

/** The read-only public surface of boards: the board API, the job page and the Indeed feed. */
@Injectable()
export class JobBoardPublishingService {
  constructor(
    private readonly boards: JobBoardsRepository,
    private readonly env: Environment,
  ) {}

  get context(): PublishingContext {
    return {
      organizationName: this.env.ORGANIZATION_NAME,
      organizationUrl: this.env.ORGANIZATION_URL,
      baseUrl: this.env.publicBaseUrl(),
    };
  }

  /** The active board with this slug; anything that cannot be a slug names no board (and never reaches SQL). */
  async activeBoard(slug: string): Promise<JobBoardEntity | null> {
    return SLUG.test(slug) && slug.length <= 60 ? this.boards.findActiveBoardBySlug(slug) : null;
  }

  async page(
    board: JobBoardEntity,
    args: { first?: number | null; after?: string | null; content: boolean },
  ): Promise<PublicPostingPage> {
    const page = toPageRequest({ first: args.first, after: args.after });
    const rows = await this.boards.findPublishedViewPage(board.id, page);
    const hasNextPage = rows.length > page.limit;
    const shown = rows.slice(0, page.limit);
    const last = shown[shown.length - 1];
    return {
      data: shown.map((view) => this.toPublic(view, args.content)),
      pageInfo: {
        hasNextPage,
        endCursor: last ? encodeCursor({ key: last.publishedAt.getTime(), id: last.postingId }) : null,
      },
    };
  }

  /** A posting of an active board; `boardSlug` (when given) must be its board. */
  async lookup(postingId: string, boardSlug?: string): Promise<PostingLookup> {
    const view = await this.boards.findView(postingId);
    if (!view || !view.boardActive || (boardSlug !== undefined && view.boardSlug !== boardSlug)) {
      return { kind: 'not_found' };
    }
    return view.status === JobPostingStatus.PUBLISHED ? { kind: 'found', view } : { kind: 'gone' };
  }

  detail(view: PostingView, now: Date): PublicPosting & { jsonLd: Record<string, unknown> } {
    return { ...this.toPublic(view, true), jsonLd: this.jsonLd(view, now) };
  }

  jobPage(view: PostingView, now: Date): string {
    return renderJobPage(view, this.jsonLd(view, now), this.env.ORGANIZATION_NAME);
  }

  gonePage(): string {
    return renderGonePage(this.env.ORGANIZATION_NAME);
  }

  notFoundPage(): string {
    return renderNotFoundPage(this.env.ORGANIZATION_NAME);
  }

  /**
   * The board's whole Indeed feed; remembers who fetched it, so operators see whether the board reads it. Its
   * lastBuildDate is the latest change of what it lists, so an unchanged feed is byte-identical (and its ETag too).
   */
  async indeedFeed(board: JobBoardEntity, userAgent: string | undefined, now: Date): Promise<string> {
    const views = await this.boards.findAllPublishedViews(board.id);
    await this.boards.recordFeedFetch(board.id, cleanUserAgent(userAgent));
    const latest = Math.max(startOfUtcDay(now).getTime(), ...views.map((v) => v.updatedAt.getTime()));
    return buildIndeedFeed(views, this.context, new Date(Math.min(latest, now.getTime())));
  }

  private jsonLd(view: PostingView, now: Date): Record<string, unknown> {
    // Applications are taken on the board that sent the candidate, not on our job page. validThrough counts from
    // the start of the day, so the answer (and its ETag) stays the same all day.
    return buildJobPostingJsonLd(view, this.context, { now: startOfUtcDay(now), directApply: false });
  }

  private toPublic(view: PostingView, content: boolean): PublicPosting {
    return {
      id: view.postingId,
      referenceNumber: view.referenceNumber,
      title: view.title,
      level: view.level,
      employmentType: view.employmentType,
      workplaceType: view.workplaceType,
      department: view.department,
      locations: view.locations.map((l) => ({
        city: l.city ?? null,
        region: l.region ?? null,
        country: l.country,
        postalCode: l.postalCode ?? null,
      })),
      // Pay transparency: always shown when the requisition has a range.
      salaryRange: view.salary,
      skills: view.skills,
      datePosted: view.publishedAt.toISOString(),
      updatedAt: view.updatedAt.toISOString(),
      url: jobPageUrl(this.context.baseUrl, view.postingId),
      ...(content
        ? {
            description: view.description,
            responsibilities: view.responsibilities,
            educationRequirement: view.educationRequirement,
          }
        : {}),
    };
  }
}

export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** What is kept of a User-Agent header: printable, at most 500 characters. */
export function cleanUserAgent(value: string | undefined): string | null {
  const cleaned = (value ?? '')
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 500);
  return cleaned || null;
}
