import {
  Body,
  Controller,
  HttpCode,
  HttpException,
  HttpStatus,
  Post,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/permissions';
import { AuthService } from './auth.service';
import { AccessTokenResponse } from './dto/access-token.response';
import { SignInRequest } from './dto/sign-in.request';
import { SignInRefusedError, SignInThrottledError } from './sign-in.errors';
import { AccessToken } from './tokens.service';

/** 429 with Retry-After (the problem-details filter reads `retryAfterSeconds`). */
export class TooManySignInsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many failed sign-ins; try again later.', HttpStatus.TOO_MANY_REQUESTS);
  }
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
  async token(@Body() body: SignInRequest): Promise<AccessToken> {
    try {
      return await this.auth.signIn(body.email, body.password);
    } catch (error) {
      if (error instanceof SignInRefusedError) throw new UnauthorizedException(error.message);
      if (error instanceof SignInThrottledError) throw new TooManySignInsException(error.retryAfterSeconds);
      throw error;
    }
  }
}
