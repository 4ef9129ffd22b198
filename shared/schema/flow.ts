// The flow document stored as flows/<id>.json: the single source of truth for editor, engine and runtime.
import { z } from "zod";
import { idSchema } from "./common";
import { edgeSchema } from "./edge";
import { nodeSchema } from "./node";
import { triggerSchema } from "./trigger";
import { variableSchema } from "./variable";

export const CURRENT_SCHEMA_VERSION = 1;
/** The JSON Schema file every flow points at with `$schema`, relative to flows/. */
export const FLOW_JSON_SCHEMA_REF = "./flow.schema.json";

export const flowSettingsSchema = z.object({
  /** A conversation idle this long ends; the next message starts afresh. */
  sessionTimeoutMinutes: z.number().int().min(1).max(10080).default(30),
  /** Offset from UTC for time conditions; 480 is China Standard Time. */
  utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
});
export type FlowSettings = z.infer<typeof flowSettingsSchema>;

export const flowSchema = z.object({
  $schema: z.string().optional(),
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  id: idSchema,
  name: z.string().min(1),
  description: z.string().default(""),
  /** Where a conversation begins when a trigger names no node. */
  startNodeId: idSchema,
  settings: flowSettingsSchema.default({ sessionTimeoutMinutes: 30, utcOffsetMinutes: 480 }),
  variables: z.array(variableSchema).default([]),
  triggers: z.array(triggerSchema).default([]),
  nodes: z.array(nodeSchema).min(1),
  edges: z.array(edgeSchema).default([]),
});
export type Flow = z.infer<typeof flowSchema>;
/** A flow as written by hand or by an older editor: defaults may be missing. */
export type FlowInput = z.input<typeof flowSchema>;
