/**
 * Why a sign-in was refused, for the transport to answer. The use case never says which of unknown e-mail, wrong
 * password, inactive or password-less account it was: the answer must not tell which accounts exist.
 */
export class SignInRefusedError extends Error {
  constructor() {
    super('Wrong e-mail or password.');
  }
}

/** Too many failed sign-ins for the e-mail or the address; the next try may come after `retryAfterSeconds`. */
export class SignInThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many failed sign-ins; try again later.');
  }
}
