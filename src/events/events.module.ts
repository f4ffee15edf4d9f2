import { Global, Module } from '@nestjs/common';
import { EventFeed } from './event-feed';
import { EventOutbox } from './event-outbox';
import { EventsRepository } from './events.repository';
import { EventsController } from './events.controller';
import { EventsResolver } from './events.resolver';
import { EventEntity } from './event.entity';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const EVENT_ENTITIES = [EventEntity];

@Global()
@Module({
  imports: [TypeOrmModule.forFeature(EVENT_ENTITIES)],
  providers: [EventsRepository, EventOutbox, EventFeed, EventsResolver],
  controllers: [EventsController],
  exports: [EventOutbox, EventFeed],
})
export class EventsModule {}
