// Fields every node has, whatever its kind, in the order they appear in a flow file.
import { z } from "zod";
import { idSchema, positionSchema } from "../common";

export function nodeBase<K extends string>(kind: K) {
  return {
    id: idSchema,
    kind: z.literal(kind),
    /** A short name the marketer gives the node (问候, 尺寸推荐); shown on the canvas and in metrics. */
    label: z.string().optional(),
    /** Where the node sits in the editor. */
    position: positionSchema,
  };
}
