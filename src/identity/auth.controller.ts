import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/permissions';
import { AuthService } from './auth.service';
import { AccessToken } from './tokens.service';

export class SignInRequest {
  @ApiProperty({ example: 'recruiter@example.com' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class AccessTokenResponse implements AccessToken {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`.' })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the token expires.' })
  expiresIn!: number;
}

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** E-mail and password for a short-lived bearer token. */
  @Post('token')
  @ApiOperation({ summary: 'Sign in: e-mail and password for a short-lived bearer token' })
  @ApiOkResponse({ type: AccessTokenResponse })
  @ApiResponse({ status: 400, description: 'Missing or malformed e-mail or password (problem details)' })
  @ApiResponse({
    status: 401,
    description: 'Wrong e-mail or password; the same answer whether the e-mail exists or not',
  })
  @ApiResponse({
    status: 429,
    description: 'Too many failed sign-ins for this e-mail or address; see Retry-After',
  })
  @Public()
  @HttpCode(200)
  token(@Body() body: SignInRequest): Promise<AccessToken> {
    return this.auth.signIn(body.email, body.password);
  }
}
