// `npm run schema`: writes flows/flow.schema.json, which editors use to check flow files as you type.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { flowSchemaText } from "../flows/flowSchemaText";

const target = fileURLToPath(new URL("../../flows/flow.schema.json", import.meta.url));
writeFileSync(target, flowSchemaText());
console.log(`wrote ${target}`);
