import { ApiProperty } from '@nestjs/swagger';
import { AccessToken } from '../tokens.service';

/** Answer of POST /v1/auth/token. */
export class AccessTokenResponse implements AccessToken {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`.' })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the token expires.' })
  expiresIn!: number;
}
