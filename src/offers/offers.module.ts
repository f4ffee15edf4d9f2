import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PipelineModule } from '../pipeline/pipeline.module';
import { RequisitionsModule } from '../requisitions/requisitions.module';
import { OfferApprovalEntity } from './offer-approval.entity';
import { OfferEntity } from './offer.entity';
import { OfferExpiryJob } from './offer-expiry.job';
import { OfferLoaders } from './offer.loaders';
import { OffersRepository } from './offers.repository';
import { ApplicationOffersResolver, OfferApprovalResolver, OffersResolver } from './offers.resolver';
import { OffersService } from './offers.service';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const OFFER_ENTITIES = [OfferEntity, OfferApprovalEntity];

@Module({
  imports: [TypeOrmModule.forFeature(OFFER_ENTITIES), PipelineModule, RequisitionsModule],
  providers: [
    OffersRepository,
    OffersService,
    OfferLoaders,
    OffersResolver,
    OfferApprovalResolver,
    ApplicationOffersResolver,
    OfferExpiryJob,
  ],
  exports: [OffersService, OffersRepository],
})
export class OffersModule {}
