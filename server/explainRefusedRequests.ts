// Requests Node refuses before the app sees them (a request line over 16 KiB, a byte HTTP does not
// allow) get a body saying why, as the app's own refusals do, instead of a bare status line.
import type { Duplex } from "node:stream";
import type { ServerType } from "@hono/node-server";

interface ParseError extends Error {
  code?: string;
  /** llhttp's reason, e.g. "Invalid char in url query". */
  reason?: string;
}

function refusal(error: ParseError): { status: string; body: string } {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return {
        status: "431 Request Header Fields Too Large",
        body: "request line and headers over 16 KiB: not a WeChat request (its URLs are a few hundred bytes)",
      };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: "408 Request Timeout", body: "the request did not arrive in time" };
    default:
      return {
        status: "400 Bad Request",
        body: `not a valid HTTP request: ${error.reason ?? error.message} (${error.code ?? "no code"})`,
      };
  }
}

/** Installs the answer on `server`; Node's own one, a status line alone, is what it replaces. */
export function explainRefusedRequests(server: ServerType): void {
  server.on("clientError", (error: ParseError, socket: Duplex) => {
    // As Node does: nothing more on a socket that is gone or already carries a response.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (!socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, body } = refusal(error);
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
