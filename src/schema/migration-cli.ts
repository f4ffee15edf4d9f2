/**
 * Migration tooling against a real PostgreSQL server (DATABASE_URL, default the local one):
 *   generate <Name>  applies the existing migrations to a scratch database and writes the SQL that would bring it
 *                    in line with the entities to migrations/<timestamp>-<Name>.ts, to be read and improved by hand;
 *   check            exits non-zero when entities and migrations disagree.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withScratchDatabase } from '../common/database/scratch-database';
import { pendingSchemaChanges } from './schema-drift';

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function renderMigration(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const changes = await withScratchDatabase(serverUrl, (url) => pendingSchemaChanges(url));
  if (command === 'check') {
    if (changes.up.length === 0) {
      console.log('Entities and migrations agree.');
      return;
    }
    console.error(`Entities and migrations disagree; a new migration would run:\n${changes.up.join(';\n')}`);
    process.exitCode = 1;
    return;
  }
  if (command === 'generate' && name && /^[A-Z][A-Za-z0-9]+$/.test(name)) {
    if (changes.up.length === 0) {
      console.log('No changes: nothing to generate.');
      return;
    }
    const timestamp = Date.now();
    const file = join(__dirname, '../../migrations', `${timestamp}-${name}.ts`);
    writeFileSync(file, renderMigration(`${name}${timestamp}`, changes.up, changes.down));
    console.log(`Wrote ${file}; review it, then add it to migrations/index.ts.`);
    return;
  }
  console.error('usage: migration-cli (generate <PascalCaseName> | check)');
  process.exitCode = 2;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
