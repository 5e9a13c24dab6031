// One readable line per request for the developer watching `npm start`, and a silent variant for tests.

export type LogLine = (line: string) => void;

export interface RequestLogger {
  /** Logs `HH:MM:SS METHOD /path STATUS Nms`. */
  request(method: string, path: string, status: number, ms: number): void;
  /** Logs a free-form line (startup, shutdown, errors that are not a request's answer). */
  info(line: string): void;
}

export function createRequestLogger(opts: { quiet?: boolean; write?: LogLine } = {}): RequestLogger {
  const write: LogLine = opts.quiet
    ? () => {}
    : (opts.write ?? ((line) => process.stdout.write(`${line}\n`)));
  return {
    request(method, path, status, ms) {
      write(`${clock()} ${method} ${path} ${status} ${ms.toFixed(0)}ms`);
    },
    info(line) {
      write(`${clock()} ${line}`);
    },
  };
}

function clock(): string {
  return new Date().toISOString().slice(11, 19);
}
