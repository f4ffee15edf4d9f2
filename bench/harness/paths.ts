import { join, sep } from 'node:path';

/**
 * The repository root, whether this runs under ts-node (bench/harness/) or compiled by `npm run bench` into
 * node_modules/.cache/requisite-bench/bench/harness/.
 */
export const REPO_ROOT = (() => {
  const marker = `${sep}node_modules${sep}.cache${sep}requisite-bench${sep}`;
  const at = __dirname.indexOf(marker);
  return at >= 0 ? __dirname.slice(0, at) : join(__dirname, '..', '..');
})();

export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
