import { Global, Injectable, Module } from '@nestjs/common';

/**
 * Where the process is in its life, for the parts that must behave differently while it shuts down:
 * - `serving`: normal;
 * - `draining`: SIGTERM arrived. Readiness answers 503 so load balancers stop sending traffic, and every answer
 *   carries `Connection: close` so clients and proxies open their next connection elsewhere; requests are
 *   still served;
 * - `refusing`: new requests get 503 with Retry-After (nothing done, safe to send again elsewhere) while the ones
 *   in flight finish.
 */
@Injectable()
export class Lifecycle {
  private state: 'serving' | 'draining' | 'refusing' = 'serving';

  /** Ready for traffic (readiness probes). */
  get ready(): boolean {
    return this.state === 'serving';
  }

  get draining(): boolean {
    return this.state !== 'serving';
  }

  get refusing(): boolean {
    return this.state === 'refusing';
  }

  drain(): void {
    if (this.state === 'serving') this.state = 'draining';
  }

  refuseNewRequests(): void {
    this.state = 'refusing';
  }
}

@Global()
@Module({ providers: [Lifecycle], exports: [Lifecycle] })
export class LifecycleModule {}
