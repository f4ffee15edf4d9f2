import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventFeed } from './event-feed';
import { EventLoaders } from './event.loaders';
import { EventOutbox } from './event-outbox';
import { EventEntity } from './event.entity';
import { EventsController } from './events.controller';
import { EventsRepository } from './events.repository';
import { EventsResolver } from './events.resolver';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const EVENT_ENTITIES = [EventEntity];

@Global()
@Module({
  imports: [TypeOrmModule.forFeature(EVENT_ENTITIES)],
  providers: [EventsRepository, EventOutbox, EventFeed, EventLoaders, EventsResolver],
  controllers: [EventsController],
  exports: [EventOutbox, EventFeed],
})
export class EventsModule {}
