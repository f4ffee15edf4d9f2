import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { jsonbToEntity } from '../common/database/raw-rows';
import { ConnectionShape } from '../common/graphql/connection';
import { PageRequest, toConnection } from '../common/graphql/keyset';
import { NodeRegistry } from '../common/graphql/node-registry';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { viewerOf } from '../identity/auth.guards';
import { ApplicationActivity } from '../pipeline/application-activity';
import { NoteEntity } from './note.entity';
import { NoteActivityModel, NoteModel } from './note.model';
import { noteSight, NoteSight } from './note.rules';
import { NoteParent, NotesRepository } from './notes.repository';
import { NotesService } from './notes.service';

/** What the GraphQL caller may read of notes. */
export function readSight(context: GraphQLContext): NoteSight {
  return noteSight(viewerOf(context), 'notes:read');
}

/**
 * The request's batched lookups of notes; how `node(id)` refetches a Note; and notes' part of applications'
 * timelines, registered with pipeline's port.
 */
@Injectable()
export class NoteLoaders implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notes: NotesService,
    private readonly repository: NotesRepository,
    private readonly nodes: NodeRegistry,
    private readonly activity: ApplicationActivity,
  ) {}

  onModuleInit(): void {
    this.nodes.register('Note', async (id, context) => {
      const row = await this.byId(context).load(id);
      return row && NoteModel.from(row);
    });
    this.activity.register({
      name: 'note',
      select: (viewer, applicationIdExpr, bind) =>
        this.repository.activitySelect(noteSight(viewer, 'notes:read'), applicationIdExpr, bind),
      toItem: (row) => NoteActivityModel.from(jsonbToEntity(this.dataSource.manager, NoteEntity, row.data)),
    });
  }

  byId(context: GraphQLContext): DataLoader<string, NoteEntity | null> {
    return context.loaders.get(
      'note.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.notes.findByIds(ids, readSight(context)), (n) => n.id),
        ),
    );
  }

  /** The mentioned users' ids of each note, in order. */
  mentions(context: GraphQLContext): DataLoader<string, string[]> {
    return context.loaders.get(
      'note.mentions',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.notes.findMentions(ids), (m) => m.noteId).map((group) =>
            group.map((m) => m.userId),
          ),
        ),
    );
  }

  pages(context: GraphQLContext, parent: NoteParent, page: PageRequest): DataLoader<string, NoteEntity[]> {
    return context.loaders.get(
      `note.pages:${parent}:${JSON.stringify(page)}`,
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.notes.findPages(parent, ids, page, readSight(context)), (n) =>
            parent === 'application_id' ? n.applicationId! : n.candidateId,
          ),
        ),
    );
  }

  counts(context: GraphQLContext, parent: NoteParent): DataLoader<string, number> {
    return context.loaders.get(
      `note.counts:${parent}`,
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const counts = await this.notes.count(parent, ids, readSight(context));
          return ids.map((id) => counts.get(id) ?? 0);
        }),
    );
  }

  async connection(
    context: GraphQLContext,
    parent: NoteParent,
    parentId: string,
    page: PageRequest,
  ): Promise<ConnectionShape<NoteModel>> {
    const rows = await this.pages(context, parent, page).load(parentId);
    return toConnection(
      rows,
      page,
      (n) => ({ key: n.createdAt.getTime(), id: n.id }),
      NoteModel.from,
      () => this.counts(context, parent).load(parentId),
    );
  }
}
