import type { TestApp } from '../support/test-app';
import { databaseId, unique } from './index';

export interface CreatedJobBoard {
  id: string;
  slug: string;
  name: string;
  /** The board's signing secret, shown once at creation. */
  secret: string;
}

/** A job board with a unique slug, created as the test administrator. */
export async function createJobBoard(t: TestApp, kind: string, name: string): Promise<CreatedJobBoard> {
  const data = await t.ok<any>(
    `mutation($input: CreateJobBoardInput!) { createJobBoard(input: $input) { jobBoard { id slug name } secret userErrors { code } } }`,
    {
      input: {
        name,
        slug: `b-${unique()}`
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, '-')
          .replace(/-+/g, '-'),
        kind,
      },
    },
  );
  return { ...data.createJobBoard.jobBoard, secret: data.createJobBoard.secret };
}

/** Publishes a requisition on boards; returns the postings' database ids (what the public routes take). */
export async function publishRequisition(
  t: TestApp,
  requisitionId: string,
  boardIds: string[],
): Promise<string[]> {
  const data = await t.ok<any>(
    `mutation($input: PublishRequisitionInput!) { publishRequisition(input: $input) { postings { id } userErrors { code } } }`,
    { input: { requisitionId, boardIds } },
  );
  return data.publishRequisition.postings.map((p: any) => databaseId(p.id)) as string[];
}

/** Rows inbound processing writes, for "nothing was written" assertions. */
export async function inboundCounts(
  t: TestApp,
): Promise<{ candidates: number; applications: number; deliveries: number; events: number }> {
  const [row] = await t.sql(
    `SELECT (SELECT count(*)::int FROM candidate) AS candidates, (SELECT count(*)::int FROM application) AS applications,
            (SELECT count(*)::int FROM inbound_delivery) AS deliveries, (SELECT count(*)::int FROM event) AS events`,
  );
  return row;
}
