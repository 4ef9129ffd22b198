// A simulated conversation as plain text, the terminal chat's layout: "> " what the follower sent, "< " replies.
import { describeTestInput } from "./format";
import type { TestInput } from "./schema";
import type { StepLine } from "./stepLines";

export interface RecordedStep {
  input: TestInput;
  /** When it ran (Unix ms). */
  at: number;
  lines: StepLine[];
}

export function renderTranscript(steps: RecordedStep[]): string {
  const blocks = steps.map((s) => {
    const out = [`> ${describeTestInput(s.input)}`];
    for (const line of s.lines) {
      const [first = "", ...rest] = line.text.split("\n");
      // Effects (⟶) and notes (·) are not messages: no reply marker.
      const marker = /^[⟶·]/.test(first) ? "" : "< ";
      out.push(`${marker}${first}`, ...rest.map((l) => (l ? `  ${l}` : "")));
    }
    if (s.lines.length === 0) out.push("（没有回复）");
    return out.join("\n");
  });
  return blocks.length ? `${blocks.join("\n\n")}\n` : "";
}
