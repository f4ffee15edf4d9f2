import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Public } from './auth.guards';
import { AuthService } from './auth.service';
import { AccessToken } from './tokens.service';

export class SignInRequest {
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** E-mail and password for a short-lived bearer token. */
  @Post('token')
  @Public()
  @HttpCode(200)
  token(@Body() body: SignInRequest): Promise<AccessToken> {
    return this.auth.signIn(body.email, body.password);
  }
}
