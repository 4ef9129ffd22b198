// Edges connect one outgoing connection point (handle) of a node to another node.
import { z } from "zod";
import { idSchema } from "./common";

export const edgeSchema = z.object({
  id: idSchema,
  source: idSchema,
  /** Which connection point of the source: see `outputsOf`. */
  sourceHandle: z.string().min(1),
  target: idSchema,
});
export type FlowEdge = z.infer<typeof edgeSchema>;
