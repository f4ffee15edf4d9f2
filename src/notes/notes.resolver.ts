import { ForbiddenException } from '@nestjs/common';
import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CandidateLoaders } from '../candidates/candidate.loaders';
import { CandidateModel } from '../candidates/candidate.model';
import { Requires } from '../common/auth/permissions';
import { ConnectionArgs } from '../common/graphql/connection';
import { databaseIdOf, toGlobalId } from '../common/graphql/global-id';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { viewerOf } from '../identity/auth.guards';
import { IdentityLoaders } from '../identity/identity.loaders';
import { UserModel } from '../identity/user.model';
import { ViewerModel } from '../identity/viewer.model';
import { ApplicationModel } from '../pipeline/application.model';
import { PipelineLoaders } from '../pipeline/pipeline.loaders';
import { AddNoteInput, DeleteNoteInput, UpdateNoteInput } from './dto/note.inputs';
import { DeleteNotePayload, NotePayload } from './dto/note.payloads';
import { NoteLoaders } from './note.loaders';
import { NoteConnection, NoteModel } from './note.model';
import { mayDeleteNote, mayEditNote, noteSight } from './note.rules';
import { NotesService, NoteWithMentions } from './notes.service';

const decodeAll = (ids: readonly string[] | null | undefined) =>
  ids == null ? ids : ids.map((id) => databaseIdOf(id, 'User'));

@Resolver(() => NoteModel)
export class NotesResolver {
  constructor(
    private readonly notes: NotesService,
    private readonly loaders: NoteLoaders,
    private readonly identity: IdentityLoaders,
    private readonly candidates: CandidateLoaders,
    private readonly pipeline: PipelineLoaders,
  ) {}

  @Requires('notes:write')
  @Mutation(() => NotePayload, {
    description:
      'Adds a note to a candidate or to one application. Interviewers write notes on their teams’ applications only.',
  })
  async addNote(
    @Args('input') input: AddNoteInput,
    @Context() context: GraphQLContext,
  ): Promise<NotePayload> {
    const viewer = viewerOf(context);
    if (input.candidateId != null && input.applicationId == null) {
      if (noteSight(viewer, 'notes:write').candidates.kind === 'none') {
        throw new ForbiddenException(
          'Interviewers write notes on their teams’ applications, not on candidates.',
        );
      }
    }
    const written = await this.notes.add(
      {
        candidateId:
          input.candidateId == null ? input.candidateId : databaseIdOf(input.candidateId, 'Candidate'),
        applicationId:
          input.applicationId == null
            ? input.applicationId
            : databaseIdOf(input.applicationId, 'Application'),
        body: input.body,
        mentionedUserIds: decodeAll(input.mentionedUserIds),
      },
      viewer,
    );
    return this.payload(context, written);
  }

  @Requires('notes:write')
  @Mutation(() => NotePayload, { description: 'Changes the body or the mentions of one’s own note.' })
  async updateNote(
    @Args('input') input: UpdateNoteInput,
    @Context() context: GraphQLContext,
  ): Promise<NotePayload> {
    const written = await this.notes.update(
      {
        id: databaseIdOf(input.id, 'Note'),
        body: input.body,
        mentionedUserIds: decodeAll(input.mentionedUserIds),
        expectedVersion: input.expectedVersion,
      },
      viewerOf(context),
    );
    return this.payload(context, written);
  }

  @Requires('notes:write')
  @Mutation(() => DeleteNotePayload, { description: 'Deletes a note: its author, or an administrator.' })
  async deleteNote(
    @Args('input') input: DeleteNoteInput,
    @Context() context: GraphQLContext,
  ): Promise<DeleteNotePayload> {
    const { id } = await this.notes.delete(
      { id: databaseIdOf(input.id, 'Note'), expectedVersion: input.expectedVersion },
      viewerOf(context),
    );
    return { deletedNoteId: toGlobalId('Note', id), userErrors: [] };
  }

  @ResolveField(() => UserModel, {
    nullable: true,
    description: 'Who wrote it; null when an integration (API key) did.',
  })
  async author(@Parent() note: NoteModel, @Context() context: GraphQLContext): Promise<UserModel | null> {
    if (!note.row.authorId) return null;
    const row = await this.identity.userById(context).load(note.row.authorId);
    return row && UserModel.from(row);
  }

  @ResolveField(() => [UserModel], { description: 'The users the note mentions, in the order written.' })
  async mentions(@Parent() note: NoteModel, @Context() context: GraphQLContext): Promise<UserModel[]> {
    const ids = await this.loaders.mentions(context).load(note.row.id);
    const users = await this.identity.userById(context).loadMany(ids);
    return users.flatMap((user) => {
      if (user instanceof Error) throw user;
      return user ? [UserModel.from(user)] : [];
    });
  }

  @ResolveField(() => CandidateModel, { description: 'Who the note is about.' })
  async candidate(@Parent() note: NoteModel, @Context() context: GraphQLContext): Promise<CandidateModel> {
    const row = await this.candidates.byId(context).load(note.row.candidateId);
    if (!row) throw new ForbiddenException('Reading the candidate needs the "candidates:read" permission.');
    return CandidateModel.from(row);
  }

  @ResolveField(() => ApplicationModel, {
    nullable: true,
    description: 'The application the note is on; null for a note on the candidate.',
  })
  async application(
    @Parent() note: NoteModel,
    @Context() context: GraphQLContext,
  ): Promise<ApplicationModel | null> {
    if (!note.row.applicationId) return null;
    const row = await this.pipeline.applicationById(context).load(note.row.applicationId);
    if (!row) throw new ForbiddenException('Reading the application needs the "candidates:read" permission.');
    return ApplicationModel.from(row);
  }

  @ResolveField(() => Boolean, { description: 'Whether the caller may edit it (only its author may).' })
  viewerCanUpdate(@Parent() note: NoteModel, @Context() context: GraphQLContext): boolean {
    const viewer = viewerOf(context);
    return (
      mayEditNote(viewer, note.row.actor) && noteSight(viewer, 'notes:write').applications.kind !== 'none'
    );
  }

  @ResolveField(() => Boolean, {
    description: 'Whether the caller may delete it (its author, or an administrator).',
  })
  viewerCanDelete(@Parent() note: NoteModel, @Context() context: GraphQLContext): boolean {
    const viewer = viewerOf(context);
    return (
      mayDeleteNote(viewer, note.row.actor) && noteSight(viewer, 'notes:write').applications.kind !== 'none'
    );
  }

  private async payload(context: GraphQLContext, written: NoteWithMentions): Promise<NotePayload> {
    // The mentions just written answer `mentions` without reading them back.
    this.loaders.mentions(context).prime(written.note.id, written.mentionedUserIds);
    return { note: NoteModel.from(written.note), userErrors: [] };
  }
}

@Resolver(() => ViewerModel)
export class ViewerMentionsResolver {
  constructor(private readonly notes: NotesService) {}

  @ResolveField(() => NoteConnection, {
    description:
      'Notes that mention the caller and that they may still see, newest first: an inbox of mentions. Empty for API keys.',
  })
  async mentions(@Args() args: ConnectionArgs, @Context() context: GraphQLContext): Promise<NoteConnection> {
    const viewer = viewerOf(context);
    const page = toPageRequest(args);
    if (viewer.kind !== 'user')
      return toConnection(
        [],
        page,
        () => ({ key: 0, id: '' }),
        NoteModel.from,
        async () => 0,
      );
    const sight = noteSight(viewer, 'notes:read');
    const rows = await this.notes.findMentioning(viewer.id, page, sight);
    return toConnection(
      rows,
      page,
      (n) => ({ key: n.createdAt.getTime(), id: n.id }),
      NoteModel.from,
      () => this.notes.countMentioning(viewer.id, sight),
    );
  }
}

@Resolver(() => ApplicationModel)
export class ApplicationNotesResolver {
  constructor(private readonly loaders: NoteLoaders) {}

  @ResolveField(() => NoteConnection, {
    description: 'Notes on this application, newest first (what the caller may read: notes:read).',
  })
  notes(
    @Parent() application: ApplicationModel,
    @Args() args: ConnectionArgs,
    @Context() context: GraphQLContext,
  ): Promise<NoteConnection> {
    return this.loaders.connection(context, 'application_id', application.row.id, toPageRequest(args));
  }
}

@Resolver(() => CandidateModel)
export class CandidateNotesResolver {
  constructor(private readonly loaders: NoteLoaders) {}

  @ResolveField(() => NoteConnection, {
    description:
      'Notes on the candidate and on their applications, newest first — those the caller may read (interviewers: only notes on their teams’ applications).',
  })
  notes(
    @Parent() candidate: CandidateModel,
    @Args() args: ConnectionArgs,
    @Context() context: GraphQLContext,
  ): Promise<NoteConnection> {
    return this.loaders.connection(context, 'candidate_id', candidate.row.id, toPageRequest(args));
  }
}
