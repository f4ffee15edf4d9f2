import type { Scenario } from '../harness/types';
import { board } from './board';
import { bulk } from './bulk';
import { floor } from './floor';
import { inbound } from './inbound';
import { move } from './move';
import { report } from './report';
import { search } from './search';
import { suggest } from './suggest';
import { webhook } from './webhook';

/**
 * Every scenario, in the order `npm run bench` runs them. A scenario is one file in this folder exporting a
 * `Scenario` (and, if its load needs per-request logic, `clients` for the load process); add it here.
 */
export const SCENARIOS: Scenario[] = [floor, board, move, search, suggest, inbound, webhook, bulk, report];
