import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog, diff } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { PG_UNIQUE_VIOLATION, violatedConstraint } from '../common/errors/postgres-errors';
import { UserErrorCode } from '../common/errors/user-error-code';
import { PageRequest } from '../common/graphql/keyset';
import { Environment } from '../config/environment';
import { UserRole } from './identity.enums';
import { hashPassword } from './password';
import { UserEntity } from './user.entity';
import { CreateUserCommand, DeactivateUserCommand, UpdateUserCommand } from './user.commands';
import { UsersRepository } from './users.repository';

const EMAIL_INDEX = 'app_user_email_lower_unique';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Identity');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly audit: AuditLog,
    private readonly env: Environment,
  ) {}

  /** First start: with ADMIN_EMAIL and ADMIN_PASSWORD set and no users yet, create that administrator. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    if (!this.env.ADMIN_EMAIL || !this.env.ADMIN_PASSWORD) {
      this.logger.warn(
        'There are no users yet, so nobody can sign in: set ADMIN_EMAIL and ADMIN_PASSWORD and restart, ' +
          'or run `npm run seed` for demo users.',
      );
      return;
    }
    try {
      await this.create({
        email: this.env.ADMIN_EMAIL,
        name: 'Administrator',
        role: UserRole.ADMIN,
        password: this.env.ADMIN_PASSWORD,
      });
      this.logger.log(`Created the administrator ${this.env.ADMIN_EMAIL} (no users existed).`);
    } catch (error) {
      // Another process bootstrapped it at the same moment.
      if (!(error instanceof DomainError)) throw error;
    }
  }

  findByIds(ids: readonly string[]): Promise<UserEntity[]> {
    return this.users.findByIds(ids);
  }

  /** An active user, on the caller's transaction when given one. */
  findActiveById(id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.users.findActiveById(id, manager);
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findByEmail(email);
  }

  findPage(page: PageRequest): Promise<UserEntity[]> {
    return this.users.findPage(page);
  }

  count(): Promise<number> {
    return this.users.count();
  }

  async create(command: CreateUserCommand): Promise<UserEntity> {
    const passwordHash = command.password ? await hashPassword(command.password) : null;
    // Stored trimmed, so looked up trimmed: otherwise " a@b.c" would miss the account "a@b.c" it collides with.
    const email = command.email.trim();
    return this.refuseDuplicateEmail(email, () =>
      inTransaction(this.dataSource, async (manager) => {
        const existing = await this.users.findByEmail(email, manager);
        if (existing) throw this.duplicate(existing.id);
        const user = await this.users.insert(manager, {
          email,
          name: command.name.trim(),
          role: command.role,
          passwordHash,
        });
        await this.audit.record(manager, {
          action: 'createUser',
          subjectType: 'user',
          subjectIds: [user.id],
          changes: diff(
            {},
            { email: user.email, name: user.name, role: user.role, password: passwordHash ? 'set' : null },
          ),
        });
        return user;
      }),
    );
  }

  async update(command: UpdateUserCommand): Promise<UserEntity> {
    const passwordHash = command.password ? await hashPassword(command.password) : undefined;
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lock(manager, command.id, command.expectedVersion);
      const set: Partial<UserEntity> = {};
      if (command.name !== undefined) set.name = command.name.trim();
      if (command.role !== undefined) set.role = command.role;
      if (command.active !== undefined) set.active = command.active;
      if (passwordHash !== undefined) {
        set.passwordHash = passwordHash;
        // Every token issued so far is refused from the next request on.
        set.credentialsVersion = current.credentialsVersion + 1;
      }
      await this.keepAnAdministrator(manager, current, set);
      const user = await this.users.updateIfVersion(manager, current.id, current.version, set);
      if (!user) throw DomainError.staleVersion('The user', current.version);
      await this.audit.record(manager, {
        action: 'updateUser',
        subjectType: 'user',
        subjectIds: [user.id],
        changes: diff(current, set),
      });
      return user;
    });
  }

  async deactivate(command: DeactivateUserCommand): Promise<UserEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lock(manager, command.id, command.expectedVersion);
      await this.keepAnAdministrator(manager, current, { active: false });
      const user = await this.users.updateIfVersion(manager, current.id, current.version, { active: false });
      if (!user) throw DomainError.staleVersion('The user', current.version);
      await this.audit.record(manager, {
        action: 'deactivateUser',
        subjectType: 'user',
        subjectIds: [user.id],
        changes: diff(current, { active: false }),
      });
      return user;
    });
  }

  private async lock(manager: EntityManager, id: string, expectedVersion?: number | null) {
    const current = await this.users.lockById(manager, id);
    if (!current) throw DomainError.notFound('User', ['id']);
    if (expectedVersion != null && expectedVersion !== current.version) {
      throw DomainError.staleVersion('The user', current.version);
    }
    return current;
  }

  /**
   * Refuses a change that would leave no active administrator (nobody could manage users again). The active
   * administrators are locked first, so two admins demoting each other at once cannot both succeed.
   */
  private async keepAnAdministrator(
    manager: EntityManager,
    current: UserEntity,
    change: Partial<UserEntity>,
  ): Promise<void> {
    const stopsBeingAdmin =
      current.role === UserRole.ADMIN &&
      current.active &&
      ((change.role !== undefined && change.role !== UserRole.ADMIN) || change.active === false);
    if (!stopsBeingAdmin) return;
    const others = await this.users.lockOtherActiveAdmins(manager, current.id);
    if (others.length === 0) {
      throw DomainError.of(
        UserErrorCode.LAST_ADMIN,
        'This is the last active administrator; make someone else an administrator first.',
        ['id'],
      );
    }
  }

  private async refuseDuplicateEmail<T>(email: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const violation = violatedConstraint(error);
      if (violation?.code === PG_UNIQUE_VIOLATION && violation.constraint === EMAIL_INDEX) {
        const existing = await this.users.findByEmail(email);
        throw this.duplicate(existing?.id);
      }
      throw error;
    }
  }

  private duplicate(existingId: string | undefined): DomainError {
    return DomainError.of(
      UserErrorCode.DUPLICATE_USER,
      'A user with this e-mail already exists.',
      ['email'],
      existingId ? { type: 'User', id: existingId } : undefined,
    );
  }
}
