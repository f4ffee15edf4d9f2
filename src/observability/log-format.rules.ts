/** Whether log lines are pretty-printed (pino-pretty) rather than JSON: LOG_FORMAT, or for `auto` the terminal. */
export function prettyLogs(
  format: 'auto' | 'json' | 'pretty',
  nodeEnv: 'development' | 'test' | 'production',
  stdoutIsTerminal: boolean,
): boolean {
  if (format !== 'auto') return format === 'pretty';
  return stdoutIsTerminal && nodeEnv !== 'production';
}

/** pino's transport for readable lines on the terminal (a worker thread; JSON needs none). */
export const PRETTY_TRANSPORT = {
  target: 'pino-pretty',
  options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: false },
};
