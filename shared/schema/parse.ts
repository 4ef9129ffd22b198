// Reading and writing flow documents: migration, validation with readable errors, stable output.
import { z } from "zod";
import { CURRENT_SCHEMA_VERSION, FLOW_JSON_SCHEMA_REF, type Flow, flowSchema } from "./flow";

export interface FlowLoadError {
  /** The node the problem is in, when it is inside one. */
  nodeId?: string;
  /** Dotted path to the field, e.g. `nodes.3.answer.options.0.label`. */
  field: string;
  message: string;
}

export type FlowParseResult = { ok: true; flow: Flow } | { ok: false; errors: FlowLoadError[] };

/** Steps that lift a document from version N to N + 1, keyed by N. Empty while only version 1 exists. */
const migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Brings an older document up to the current schemaVersion, or explains why it cannot. */
export function migrateFlowDocument(
  raw: unknown,
): { ok: true; doc: Record<string, unknown> } | { ok: false; errors: FlowLoadError[] } {
  if (!isRecord(raw)) {
    return {
      ok: false,
      errors: [
        { field: "", message: "流程文件必须是一个 JSON 对象 / a flow file must be a JSON object" },
      ],
    };
  }
  let doc = raw;
  let version = doc.schemaVersion;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      errors: [
        {
          field: "schemaVersion",
          message: `缺少或无效的 schemaVersion（当前为 ${CURRENT_SCHEMA_VERSION}）/ missing or invalid schemaVersion (current is ${CURRENT_SCHEMA_VERSION})`,
        },
      ],
    };
  }
  if (version > CURRENT_SCHEMA_VERSION) {
    return {
      ok: false,
      errors: [
        {
          field: "schemaVersion",
          message: `此文件来自更新版本的话术（schemaVersion ${version}），请升级 / written by a newer Huashu (schemaVersion ${version}); upgrade to open it`,
        },
      ],
    };
  }
  while (version < CURRENT_SCHEMA_VERSION) {
    const step = migrations[version];
    if (!step) break;
    doc = step(doc);
    version += 1;
    doc = { ...doc, schemaVersion: version };
  }
  return { ok: true, doc };
}

function nodeIdAt(doc: unknown, path: PropertyKey[]): string | undefined {
  if (path[0] !== "nodes" || typeof path[1] !== "number" || !isRecord(doc)) return undefined;
  const nodes = doc.nodes;
  if (!Array.isArray(nodes)) return undefined;
  const node = nodes[path[1]];
  return isRecord(node) && typeof node.id === "string" ? node.id : `#${path[1]}`;
}

/** Migrates and validates an unknown value (parsed JSON) into a Flow, never throwing. */
export function parseFlow(raw: unknown): FlowParseResult {
  const migrated = migrateFlowDocument(raw);
  if (!migrated.ok) return migrated;
  const result = flowSchema.safeParse(migrated.doc);
  if (result.success) return { ok: true, flow: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => {
      const nodeId = nodeIdAt(migrated.doc, issue.path);
      return {
        ...(nodeId ? { nodeId } : {}),
        field: issue.path.map(String).join("."),
        message: issue.message,
      };
    }),
  };
}

/** One line per error, naming the file, the node and the field. */
export function formatFlowLoadErrors(source: string, errors: FlowLoadError[]): string {
  return errors
    .map((e) => {
      const where = [e.nodeId ? `node ${e.nodeId}` : "", e.field ? `field ${e.field}` : ""]
        .filter(Boolean)
        .join(", ");
      return `${source}${where ? ` (${where})` : ""}: ${e.message}`;
    })
    .join("\n");
}

/**
 * The diff-friendly text of a flow file: `$schema` first, keys in schema order, 2-space indent,
 * trailing newline. Parsing first puts keys in the schema's order and fills defaults.
 */
export function serializeFlow(flow: Flow): string {
  const { $schema: _ignored, ...rest } = flowSchema.parse(flow);
  return `${JSON.stringify({ $schema: FLOW_JSON_SCHEMA_REF, ...rest }, null, 2)}\n`;
}

/** The JSON Schema that text editors use to check flows/*.json. */
export function flowJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(flowSchema, { io: "input" }) as Record<string, unknown>;
}
