import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { DomainError, UserErrorDetail } from '../common/errors/domain-error';
import { UserErrorCode } from '../common/errors/user-error-code';
import { PageRequest } from '../common/graphql/keyset';
import { EventOutbox } from '../events/event-outbox';
import { EventType, NewEvent } from '../events/event-types';
import { Principal } from '../identity/principal';
import { AddNoteCommand, DeleteNoteCommand, UpdateNoteCommand } from './note.commands';
import { NoteEntity } from './note.entity';
import {
  actorOf,
  distinctMentions,
  mayDeleteNote,
  mayEditNote,
  mentionSight,
  NoteInputProblem,
  noteInputProblems,
  noteSight,
  NoteSight,
  NoteSubject,
} from './note.rules';
import { NoteParent, NotesRepository } from './notes.repository';

/** A note as written, with its mentions in order. */
export interface NoteWithMentions {
  note: NoteEntity;
  mentionedUserIds: string[];
}

/** What a note is on, resolved: the candidate, and the application with its requisition when it is on one. */
interface Subject {
  kind: NoteSubject;
  candidateId: string;
  applicationId: string | null;
  requisitionId: string | null;
}

/**
 * Notes with mentions on candidates and applications. Who may read and write which notes is `noteSight`
 * (note.rules.ts); a note beyond the caller's sight is one they cannot know exists (NOT_FOUND).
 */
@Injectable()
export class NotesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notes: NotesRepository,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
  ) {}

  findByIds(ids: readonly string[], sight: NoteSight): Promise<NoteEntity[]> {
    return this.notes.findByIds(ids, sight);
  }

  findMentions(noteIds: readonly string[]): Promise<{ noteId: string; userId: string }[]> {
    return this.notes.findMentions(noteIds);
  }

  findPages(...args: Parameters<NotesRepository['findPagesByParents']>): Promise<NoteEntity[]> {
    return this.notes.findPagesByParents(...args);
  }

  /** The notes that mention the user, within `sight` (what the user may still see), newest first. */
  findMentioning(userId: string, page: PageRequest, sight: NoteSight): Promise<NoteEntity[]> {
    return this.notes.findPageMentioning(userId, page, sight);
  }

  countMentioning(userId: string, sight: NoteSight): Promise<number> {
    return this.notes.countMentioning(userId, sight);
  }

  count(parent: NoteParent, parentIds: readonly string[], sight: NoteSight): Promise<Map<string, number>> {
    return this.notes.countByParents(parent, parentIds, sight);
  }

  async add(command: AddNoteCommand, viewer: Principal): Promise<NoteWithMentions> {
    refuseProblems(noteInputProblems(command, 'add'));
    const mentioned = distinctMentions(command.mentionedUserIds ?? []);
    const sight = noteSight(viewer, 'notes:write');
    return inTransaction(this.dataSource, async (manager) => {
      const subject = await this.subject(manager, command, sight);
      await this.checkMentions(manager, subject, mentioned, command.mentionedUserIds ?? []);
      const note = await this.notes.insert(manager, {
        candidateId: subject.candidateId,
        applicationId: subject.applicationId,
        authorId: viewer.kind === 'user' ? viewer.id : null,
        actor: actorOf(viewer),
        body: command.body,
      });
      await this.notes.replaceMentions(manager, note.id, mentioned);
      await this.outbox.append(manager, [
        this.event(
          EventType.NOTE_CREATED,
          note,
          subject.requisitionId,
          {
            authorId: note.authorId,
            mentionedUserIds: mentioned,
          },
          viewer,
        ),
      ]);
      await this.audit.record(manager, {
        ...auditActor(viewer),
        action: 'addNote',
        subjectType: 'note',
        subjectIds: [note.id, subject.applicationId ?? subject.candidateId],
        changes: {
          bodyLength: { before: null, after: [...note.body].length },
          mentionedUserIds: { before: null, after: mentioned },
        },
      });
      return { note, mentionedUserIds: mentioned };
    });
  }

  async update(command: UpdateNoteCommand, viewer: Principal): Promise<NoteWithMentions> {
    refuseProblems(noteInputProblems(command, 'update'));
    const mentioned = command.mentionedUserIds == null ? null : distinctMentions(command.mentionedUserIds);
    return inTransaction(this.dataSource, async (manager) => {
      const { note: current, requisitionId } = await this.lock(manager, command.id, viewer);
      if (!mayEditNote(viewer, current.actor)) {
        throw DomainError.of(UserErrorCode.NOT_NOTE_AUTHOR, 'Only the author edits a note.', ['id']);
      }
      if (command.expectedVersion != null && command.expectedVersion !== current.version) {
        throw DomainError.staleVersion('The note', current.version);
      }
      const before = await this.mentionsOf(manager, current.id);
      const after = mentioned ?? before;
      // Those mentioned before stay (they were told already); whoever is added must see the subject now.
      await this.checkMentions(
        manager,
        subjectOf(current, requisitionId),
        after.filter((id) => !before.includes(id)),
        command.mentionedUserIds ?? [],
      );
      const body = command.body ?? current.body;
      const changedBody = body !== current.body;
      const changedMentions = after.join() !== before.join();
      if (!changedBody && !changedMentions) return { note: current, mentionedUserIds: before };
      const note = await this.notes.updateAtVersion(manager, current.id, current.version, { body });
      // The row is locked: only a version moved under us could miss, and the lock rules that out.
      if (!note) throw DomainError.staleVersion('The note', current.version);
      if (changedMentions) await this.notes.replaceMentions(manager, note.id, after);
      const newlyMentioned = after.filter((id) => !before.includes(id));
      await this.outbox.append(manager, [
        this.event(
          EventType.NOTE_UPDATED,
          note,
          requisitionId,
          {
            changedFields: [...(changedBody ? ['body'] : []), ...(changedMentions ? ['mentions'] : [])],
            mentionedUserIds: after,
            newlyMentionedUserIds: newlyMentioned,
          },
          viewer,
        ),
      ]);
      await this.audit.record(manager, {
        ...auditActor(viewer),
        action: 'updateNote',
        subjectType: 'note',
        subjectIds: [note.id, note.applicationId ?? note.candidateId],
        changes: {
          ...(changedBody
            ? { bodyLength: { before: [...current.body].length, after: [...body].length } }
            : {}),
          ...(changedMentions ? { mentionedUserIds: { before, after } } : {}),
        },
      });
      return { note, mentionedUserIds: after };
    });
  }

  async delete(command: DeleteNoteCommand, viewer: Principal): Promise<{ id: string }> {
    return inTransaction(this.dataSource, async (manager) => {
      const { note, requisitionId } = await this.lock(manager, command.id, viewer);
      if (!mayDeleteNote(viewer, note.actor)) {
        throw DomainError.of(
          UserErrorCode.NOT_NOTE_AUTHOR,
          'Only the author or an administrator deletes a note.',
          ['id'],
        );
      }
      if (command.expectedVersion != null && command.expectedVersion !== note.version) {
        throw DomainError.staleVersion('The note', note.version);
      }
      const mentioned = await this.mentionsOf(manager, note.id);
      await this.notes.delete(manager, note.id);
      await this.outbox.append(manager, [
        this.event(
          EventType.NOTE_DELETED,
          { ...note, eventSequence: note.eventSequence + 1 },
          requisitionId,
          {},
          viewer,
        ),
      ]);
      await this.audit.record(manager, {
        ...auditActor(viewer),
        action: 'deleteNote',
        subjectType: 'note',
        subjectIds: [note.id, note.applicationId ?? note.candidateId],
        changes: {
          bodyLength: { before: [...note.body].length, after: null },
          mentionedUserIds: { before: mentioned, after: null },
        },
      });
      return { id: note.id };
    });
  }

  private async mentionsOf(manager: EntityManager, noteId: string): Promise<string[]> {
    return (await this.notes.findMentions([noteId], manager)).map((m) => m.userId);
  }

  /** Locks a note the caller may write on (anything else is NOT_FOUND, as for a note that does not exist). */
  private async lock(manager: EntityManager, id: string, viewer: Principal) {
    const locked = await this.notes.lock(manager, id, noteSight(viewer, 'notes:write'));
    if (!locked) throw DomainError.notFound('Note', ['id']);
    return locked;
  }

  /** What the new note is on, within the caller's sight. */
  private async subject(manager: EntityManager, command: AddNoteCommand, sight: NoteSight): Promise<Subject> {
    if (command.applicationId != null) {
      const application = await this.notes.findApplication(
        manager,
        command.applicationId,
        sight.applications,
      );
      if (!application) throw DomainError.notFound('Application', ['applicationId']);
      return {
        kind: 'application',
        candidateId: application.candidateId,
        applicationId: application.id,
        requisitionId: application.requisitionId,
      };
    }
    const candidateId = command.candidateId!;
    if (!(await this.notes.candidateExists(manager, candidateId, sight.candidates))) {
      throw DomainError.notFound('Candidate', ['candidateId']);
    }
    return { kind: 'candidate', candidateId, applicationId: null, requisitionId: null };
  }

  /**
   * Every mentioned user must be able to see what the note is on: unknown users are NOT_FOUND, the others who
   * cannot see it MENTIONED_USER_CANNOT_SEE, each at its place in the list as the caller sent it.
   */
  private async checkMentions(
    manager: EntityManager,
    subject: Subject,
    mentioned: readonly string[],
    asSent: readonly string[],
  ): Promise<void> {
    if (mentioned.length === 0) return;
    const users = new Map((await this.notes.findUsers(manager, mentioned)).map((u) => [u.id, u]));
    const sights = new Map([...users.values()].map((u) => [u.id, mentionSight(u, subject.kind)]));
    const toCheck = [...sights].filter(([, s]) => s === 'if-member').map(([id]) => id);
    const members =
      toCheck.length === 0
        ? new Set<string>()
        : subject.kind === 'application'
          ? await this.notes.usersOnTeam(manager, toCheck, subject.requisitionId!)
          : await this.notes.usersReachingCandidate(manager, toCheck, subject.candidateId);
    const errors: UserErrorDetail[] = [];
    for (const id of mentioned) {
      const field = ['mentionedUserIds', String(asSent.indexOf(id))];
      const user = users.get(id);
      const sight = sights.get(id);
      if (!user) {
        errors.push({ code: UserErrorCode.NOT_FOUND, message: 'User not found.', field });
      } else if (sight === 'no' || (sight === 'if-member' && !members.has(id))) {
        errors.push({
          code: UserErrorCode.MENTIONED_USER_CANNOT_SEE,
          message: `${user.name} cannot see this ${subject.kind === 'application' ? 'application' : "candidate's notes"}, so they cannot be mentioned on it.`,
          field,
        });
      }
    }
    if (errors.length > 0) throw new DomainError(errors);
  }

  private event(
    type: EventType,
    note: NoteEntity,
    requisitionId: string | null,
    extra: Record<string, unknown>,
    viewer: Principal,
  ): NewEvent {
    // Ids only: the body is free text about a candidate and never leaves through events.
    return {
      type,
      actor: actorOf(viewer),
      aggregateType: 'note',
      aggregateId: note.id,
      sequence: note.eventSequence,
      data: {
        noteId: note.id,
        candidateId: note.candidateId,
        applicationId: note.applicationId,
        requisitionId,
        ...extra,
      },
    };
  }

  /** The notes about the candidate, for their data export (docs/privacy.md), on the caller's transaction. */
  findForCandidateExport(manager: EntityManager, candidateId: string) {
    return this.notes.findForCandidateExport(manager, candidateId);
  }
}

/** Every problem of the input at once, as INVALID_INPUT on its field; nothing is written. */
function refuseProblems(problems: NoteInputProblem[]): void {
  if (problems.length === 0) return;
  throw new DomainError(
    problems.map((p) => ({ code: UserErrorCode.INVALID_INPUT, message: p.message, field: p.field })),
  );
}

/** The caller as history, events and the audit log name them (the request's actor, or whom a tool acts for). */
function auditActor(viewer: Principal): { actor: string; actorId: string | null } {
  return { actor: actorOf(viewer), actorId: viewer.kind === 'system' ? null : viewer.id };
}

function subjectOf(note: NoteEntity, requisitionId: string | null): Subject {
  return {
    kind: note.applicationId ? 'application' : 'candidate',
    candidateId: note.candidateId,
    applicationId: note.applicationId,
    requisitionId,
  };
}
