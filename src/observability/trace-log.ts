/**
 * The fields every log line carries while tracing is on (trace and span ids of the active span), filled in by
 * `tracing.ts` when it starts. Kept apart so that the logger's configuration can ask for them without loading any
 * of OpenTelemetry when tracing is off.
 */
let fields: (() => Record<string, string>) | null = null;

export function provideTraceLogFields(source: () => Record<string, string>): void {
  fields = source;
}

/** pino's `mixin` option: undefined (no mixin at all, no cost) while tracing is off. */
export function traceLogMixin(): (() => Record<string, string>) | undefined {
  return fields ?? undefined;
}
