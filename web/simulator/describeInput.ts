// What the follower's bubble says for an input: the text, or a placeholder for media and events.
import type { TestInput } from "../../shared/testcase";

export function describeInput(
  input: TestInput,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  switch (input.type) {
    case "text":
      return input.text;
    case "media":
      return t(`media.${input.media}`);
    case "event": {
      const name = input.event === "subscribe" && input.scene ? "subscribeScene" : input.event;
      return t(`event.${name}`, {
        scene: input.scene ?? "",
        key: input.key ?? "",
        url: input.url ?? "",
      });
    }
    default:
      return "";
  }
}
