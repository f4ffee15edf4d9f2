import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../common/auth/permissions';
import { Lifecycle } from '../common/lifecycle';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

@ApiTags('health')
// Probes poll often from few addresses; they must never be throttled into failing.
@SkipThrottle()
// GET /health/live is served by Fastify itself (liveness.ts).
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly lifecycle: Lifecycle,
  ) {}

  /**
   * The database answers and the process is not shutting down; 503 otherwise (for readiness probes and load
   * balancers: after SIGTERM this turns 503 first, before requests are refused).
   */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    if (!this.lifecycle.ready) {
      throw new ServiceUnavailableException({ process: { status: 'shutting down' } });
    }
    return this.health.check([() => this.database.pingCheck('database', { timeout: 3000 })]);
  }
}
