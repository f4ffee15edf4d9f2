export enum JobBoardKind {
  INDEED = 'INDEED',
  LINKEDIN = 'LINKEDIN',
  CAREER_PAGE = 'CAREER_PAGE',
  GENERIC = 'GENERIC',
}

/**
 * PUBLISHED: listed on the board. UNPUBLISHED: taken down (by hand, or because the requisition went on hold); can
 * be published again. CLOSED: the requisition was closed or filled.
 */
export enum JobPostingStatus {
  PUBLISHED = 'PUBLISHED',
  UNPUBLISHED = 'UNPUBLISHED',
  CLOSED = 'CLOSED',
}
