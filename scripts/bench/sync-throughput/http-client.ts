import { Agent, request } from 'node:http';
import type { RequestTemplate } from './protocol.ts';

// A minimal keep-alive HTTP client: one socket per in-flight request, as many devices each hold their
// own connection. Answers are read whole but not parsed, which keeps the load generator cheap.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 300)}`);
  }
}

export class HttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  /** Sends `template` with `body` and the bearer token; resolves with the answer's body on 2xx. */
  send(template: RequestTemplate, body: string, bearer: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.host,
          port: this.port,
          method: template.method,
          path: template.path,
          agent: this.agent,
          headers: {
            ...template.headers,
            authorization: `Bearer ${bearer}`,
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(text);
            else reject(new HttpError(status, text));
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
