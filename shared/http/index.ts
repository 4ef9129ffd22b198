// What the hosts add to an http node's request alike (the runtime, the simulator, the terminal chat).
export { IDEMPOTENCY_KEY, uuidFromBytes, withIdempotencyKey } from "./idempotencyKey";
