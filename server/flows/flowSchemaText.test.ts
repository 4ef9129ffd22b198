// flows/flow.schema.json is generated; this fails when someone changes the schema and forgets `npm run schema`.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { flowSchemaText } from "./flowSchemaText";

describe("flows/flow.schema.json", () => {
  it("is up to date with the zod schema (run `npm run schema` when this fails)", () => {
    const committed = readFileSync(
      new URL("../../flows/flow.schema.json", import.meta.url),
      "utf8",
    );
    expect(committed).toBe(flowSchemaText());
  });

  it("describes a flow document", () => {
    const schema = JSON.parse(flowSchemaText());
    expect(schema.type).toBe("object");
    expect(schema.required).toEqual(
      expect.arrayContaining(["schemaVersion", "id", "startNodeId", "nodes"]),
    );
  });
});
