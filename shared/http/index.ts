// What the hosts that make an http node's request add to it alike (the runtime, the terminal chat).
export { IDEMPOTENCY_KEY, uuidFromBytes, withIdempotencyKey } from "./idempotencyKey";
