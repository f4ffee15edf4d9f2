import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access tokens carry the account's credentials version (claim `cv`) and a password change raises it, so tokens
 * issued before the change are refused. Tokens issued before this migration carry no version and are refused too:
 * everyone signs in again once (tokens live 15 minutes by default anyway).
 */
export class TokensRevokedOnPasswordChange1795648318969 implements MigrationInterface {
  name = 'TokensRevokedOnPasswordChange1795648318969';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" ADD "credentials_version" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "app_user_credentials_version_positive" CHECK ("credentials_version" >= 1)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" DROP CONSTRAINT "app_user_credentials_version_positive"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "credentials_version"`);
  }
}
