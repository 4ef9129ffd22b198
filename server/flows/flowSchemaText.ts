// The text of flows/flow.schema.json, generated from the zod schema so the two never disagree.
import { flowJsonSchema } from "../../shared/schema";

export function flowSchemaText(): string {
  return `${JSON.stringify(flowJsonSchema(), null, 2)}\n`;
}
