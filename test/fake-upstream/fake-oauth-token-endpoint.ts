/**
 * A fake OAuth 2.0 token endpoint (Google's token URL, its Security Token Service): reads the form
 * body, asks the test whether the grant is good, and issues numbered bearer tokens that expire
 * after `lifetimeS`, or refuses with `invalid_grant` and the reason — as Google answers.
 */
import { createServer, type Server } from 'node:http';

export type IssuedToken = { token: string; expiresAt: number };

export type FakeOAuthTokenEndpointOptions = {
  /** Why this grant is refused, or undefined to issue a token. */
  checkGrant(form: URLSearchParams): string | undefined;
  /** Issued tokens are `${tokenPrefix}1`, `${tokenPrefix}2`, … */
  tokenPrefix: string;
  lifetimeS: number;
  /** More fields of the token answer (the STS token exchange names `issued_token_type`). */
  answerFields?: Record<string, string>;
};

export type FakeOAuthTokenEndpoint = {
  /** Not listening yet: listen it (listenOnLoopback), close it after. */
  server: Server;
  issued: IssuedToken[];
  /** The reasons of the refused grants, in order. */
  refused: string[];
};

export function startFakeOAuthTokenEndpoint(options: FakeOAuthTokenEndpointOptions): FakeOAuthTokenEndpoint {
  const issued: IssuedToken[] = [];
  const refused: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const problem = options.checkGrant(new URLSearchParams(body));
      if (problem !== undefined) {
        refused.push(problem);
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant', error_description: problem }));
        return;
      }
      const token = `${options.tokenPrefix}${issued.length + 1}`;
      issued.push({ token, expiresAt: Date.now() + options.lifetimeS * 1000 });
      const answer = { access_token: token, ...options.answerFields, token_type: 'Bearer', expires_in: options.lifetimeS };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  return { server, issued, refused };
}
