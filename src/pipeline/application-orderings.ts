import { Injectable } from '@nestjs/common';
import { registerEnumType } from '@nestjs/graphql';

/** What a requisition's applications can be ordered by. */
export enum ApplicationOrderField {
  /** When the application arrived (the default, newest first). */
  APPLIED_AT = 'APPLIED_AT',
  /** The stored skill match (matching registers it; unscored applications come last). */
  MATCH_SCORE = 'MATCH_SCORE',
}

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(ApplicationOrderField, { name: 'ApplicationOrderField' });
registerEnumType(OrderDirection, { name: 'OrderDirection' });

/**
 * An order kept by another module: `keySql(a)` is an integer SQL expression of the application row aliased `a`,
 * cheap to evaluate per row (an indexed lookup), that the page is ordered by together with the id.
 */
export interface ApplicationOrdering {
  keySql(applicationAlias: string): string;
}

/** The ordering a page uses: APPLIED_AT (built in) or one registered, and its direction. */
export interface ApplicationOrder {
  field: ApplicationOrderField;
  descending: boolean;
}

export const DEFAULT_APPLICATION_ORDER: ApplicationOrder = {
  field: ApplicationOrderField.APPLIED_AT,
  descending: true,
};

/**
 * The port through which a module above pipeline (matching) lets applications be ordered by what it stores,
 * without pipeline importing it: it registers the field's SQL key at start-up. A field nobody registered is
 * refused as invalid input.
 */
@Injectable()
export class ApplicationOrderings {
  private readonly orderings = new Map<ApplicationOrderField, ApplicationOrdering>();

  register(
    field: Exclude<ApplicationOrderField, ApplicationOrderField.APPLIED_AT>,
    ordering: ApplicationOrdering,
  ): void {
    this.orderings.set(field, ordering);
  }

  /** The SQL key of a registered field; null for APPLIED_AT (the timestamp) and for a field nobody registered. */
  keySql(field: ApplicationOrderField, applicationAlias: string): string | null {
    return this.orderings.get(field)?.keySql(applicationAlias) ?? null;
  }

  has(field: ApplicationOrderField): boolean {
    return field === ApplicationOrderField.APPLIED_AT || this.orderings.has(field);
  }
}
