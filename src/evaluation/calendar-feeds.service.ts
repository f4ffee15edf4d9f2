import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { Environment } from '../config/environment';
import { calendarOf } from './calendar.ics';
import { feedToken, hashFeedToken, isFeedToken, newFeedNonce } from './calendar-feed.secret';
import { EvaluationRepository } from './evaluation.repository';

/** Private iCalendar feeds of users' interviews: their URLs, rotation, and the feeds themselves. */
@Injectable()
export class CalendarFeedsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EvaluationRepository,
    private readonly env: Environment,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The user's feed URL. The feed is issued on first use; its stored hash is brought up to date if the signing key
   * changed since (a development server's key lives as long as its process).
   */
  async urlFor(userId: string): Promise<string> {
    const secret = this.env.jwtSecret();
    let nonce = await this.repository.findFeedNonce(userId);
    if (!nonce) {
      // Two first reads at once agree on whichever nonce was stored first.
      const fresh = newFeedNonce();
      nonce = await inTransaction(this.dataSource, (manager) =>
        this.repository.saveFeed(
          manager,
          userId,
          fresh,
          hashFeedToken(feedToken(secret, userId, fresh)),
          false,
        ),
      );
    }
    const token = feedToken(secret, userId, nonce);
    if ((await this.repository.findFeedUserByTokenHash(hashFeedToken(token))) !== userId) {
      const current = nonce;
      await inTransaction(this.dataSource, (manager) =>
        this.repository.saveFeed(manager, userId, current, hashFeedToken(token), true),
      );
    }
    return this.urlOf(token);
  }

  /** Replaces the user's feed token: the old URL answers 404 from now on. */
  async rotate(userId: string): Promise<string> {
    const nonce = newFeedNonce();
    const token = feedToken(this.env.jwtSecret(), userId, nonce);
    await inTransaction(this.dataSource, async (manager) => {
      await this.repository.saveFeed(manager, userId, nonce, hashFeedToken(token), true);
      await this.audit.record(manager, {
        action: 'rotateCalendarFeedToken',
        subjectType: 'user',
        subjectIds: [userId],
        changes: { feedToken: { before: '[redacted]', after: '[redacted]' } },
      });
    });
    return this.urlOf(token);
  }

  /** The iCalendar text of the feed a token names, or null when it names none (unknown, rotated away, malformed). */
  async feed(token: string): Promise<string | null> {
    if (!isFeedToken(token)) return null;
    const userId = await this.repository.findFeedUserByTokenHash(hashFeedToken(token));
    if (!userId) return null;
    const interviews = await this.repository.findCalendarInterviews(userId);
    return calendarOf(interviews, {
      host: new URL(this.env.publicBaseUrl()).hostname,
      name: 'Requisite interviews',
      now: new Date(),
    });
  }

  private urlOf(token: string): string {
    return `${this.env.publicBaseUrl()}/v1/calendars/${token}.ics`;
  }
}
