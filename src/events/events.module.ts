import { Global, Module } from '@nestjs/common';
import { EventFeed } from './event-feed';
import { EventOutbox } from './event-outbox';
import { EventsController } from './events.controller';
import { EventsResolver } from './events.resolver';

@Global()
@Module({
  providers: [EventOutbox, EventFeed, EventsResolver],
  controllers: [EventsController],
  exports: [EventOutbox, EventFeed],
})
export class EventsModule {}
