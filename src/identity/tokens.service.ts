import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { Environment } from '../config/environment';
import { UserEntity } from './user.entity';

export const TOKEN_ISSUER = 'requisite';
export const TOKEN_AUDIENCE = 'requisite-api';

export interface AccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/**
 * Short-lived HS256 access tokens with pinned issuer and audience; the user is re-read on every request, and a token
 * issued before the account's last password change is refused (`cv`, see UserEntity.credentialsVersion).
 */
@Injectable()
export class TokensService {
  constructor(private readonly env: Environment) {}

  issue(user: UserEntity): AccessToken {
    const accessToken = jwt.sign({ role: user.role, cv: user.credentialsVersion }, this.env.jwtKey(), {
      algorithm: 'HS256',
      subject: user.id,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: this.env.JWT_TTL_SECONDS,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.env.JWT_TTL_SECONDS };
  }
}
