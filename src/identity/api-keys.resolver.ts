import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Requires } from '../common/auth/permissions';
import { databaseIdOf } from '../common/graphql/global-id';
import { ApiKeyModel } from './api-key.model';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyInput, RevokeApiKeyInput } from './dto/api-key.inputs';
import { ApiKeyPayload, CreateApiKeyPayload } from './dto/api-key.payloads';

@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(private readonly apiKeysService: ApiKeysService) {}

  @Query(() => [ApiKeyModel], { description: 'Admins only.' })
  @Requires('administer')
  async apiKeys(): Promise<ApiKeyModel[]> {
    return (await this.apiKeysService.list()).map(ApiKeyModel.from);
  }

  @Mutation(() => CreateApiKeyPayload, { description: 'The payload carries the key itself, this one time.' })
  @Requires('administer')
  async createApiKey(@Args('input') input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
    const { apiKey, secret } = await this.apiKeysService.create(input);
    return { apiKey: ApiKeyModel.from(apiKey), secret, userErrors: [] };
  }

  @Mutation(() => ApiKeyPayload, { description: 'The key stops working at once.' })
  @Requires('administer')
  async revokeApiKey(@Args('input') input: RevokeApiKeyInput): Promise<ApiKeyPayload> {
    const apiKey = await this.apiKeysService.revoke({ id: databaseIdOf(input.id, 'ApiKey') });
    return { apiKey: ApiKeyModel.from(apiKey), userErrors: [] };
  }
}
