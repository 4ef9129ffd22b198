// GET /templates: the example flows a new flow can start from, read from the repository's flows/ folder.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import type { Flow } from "../../shared/schema";
import { parseFlowFile } from "../flows/flowRepository";

/** The committed example flows, in the order the editor offers them. */
export const TEMPLATE_FILES = ["ecommerce.json", "course.json", "complaint.json"] as const;

/** The repository's flows/ folder, even when HUASHU_FLOWS_DIR points elsewhere. */
export const defaultTemplatesDir = fileURLToPath(new URL("../../flows/", import.meta.url));

/** The example flows that read cleanly; a missing or broken one is left out, not fatal. */
export async function loadTemplates(dir: string): Promise<Flow[]> {
  const flows: Flow[] = [];
  for (const file of TEMPLATE_FILES) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, file));
    } catch {
      continue;
    }
    const parsed = parseFlowFile(file, bytes);
    if (parsed.ok) flows.push(parsed.flow);
  }
  return flows;
}

export function createTemplateRoutes(templatesDir: string): Hono {
  return new Hono().get("/templates", async (c) => {
    const templates = await loadTemplates(templatesDir);
    return c.json({
      templates: templates.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        nodeCount: t.nodes.length,
      })),
    });
  });
}
