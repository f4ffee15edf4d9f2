import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CandidatesModule } from '../candidates/candidates.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { NoteEntity, NoteMentionEntity } from './note.entity';
import { NoteLoaders } from './note.loaders';
import { NotesRepository } from './notes.repository';
import {
  ApplicationNotesResolver,
  CandidateNotesResolver,
  NotesResolver,
  ViewerMentionsResolver,
} from './notes.resolver';
import { NotesService } from './notes.service';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const NOTE_ENTITIES = [NoteEntity, NoteMentionEntity];

/** Notes with mentions on candidates and applications, and their part of applications' timelines. */
@Module({
  imports: [TypeOrmModule.forFeature(NOTE_ENTITIES), CandidatesModule, PipelineModule],
  providers: [
    NotesRepository,
    NotesService,
    NoteLoaders,
    NotesResolver,
    ApplicationNotesResolver,
    CandidateNotesResolver,
    ViewerMentionsResolver,
  ],
  exports: [NotesService, NotesRepository],
})
export class NotesModule {}
