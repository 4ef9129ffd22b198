// Turns a conversation recorded in the simulator into a test case whose expectations are what was said.
import type { FollowerSetup, TestCase } from "./schema";
import type { RecordedStep } from "./transcript";

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Steps one second apart need no time of their own; a clock the tester moved is written down. */
export function recordCase(args: {
  id: string;
  name: string;
  follower?: FollowerSetup;
  steps: RecordedStep[];
}): TestCase {
  const first = args.steps[0];
  let expectedAt = first?.at ?? 0;
  const steps = args.steps.map((s) => {
    const moved = s.at !== expectedAt;
    expectedAt = s.at + 1000;
    return {
      input: s.input,
      expect: s.lines.map((l) => l.text),
      ...(moved ? { now: iso(s.at) } : {}),
    };
  });
  return {
    id: args.id,
    name: args.name,
    ...(args.follower ? { follower: args.follower } : {}),
    ...(first ? { now: iso(first.at) } : {}),
    steps,
  };
}
