/**
 * Imported first by bench/run.ts: graphql-js reads NODE_ENV once, when it is loaded, and outside production runs
 * its development-time `instanceOf` checks on every type test (≈ 4 % of the board's CPU). The app is measured as
 * it is deployed (the Dockerfile sets NODE_ENV=production), so the process must be in production mode before
 * anything imports graphql.
 */
process.env.NODE_ENV = 'production';
