// http: an outbound HTTP request run by the host; the engine waits and resumes on `success` or `failure`.
import { z } from "zod";
import { variableNameSchema } from "../common";
import { nodeBase } from "./base";

export const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export const responseMappingSchema = z.object({
  /** Dot path into the JSON response body, e.g. `data.items.0.price`. */
  path: z.string().min(1),
  variable: variableNameSchema,
});

export const httpNodeSchema = z.object({
  ...nodeBase("http"),
  method: z.enum(httpMethods).default("GET"),
  /** Templated URL. */
  url: z.string(),
  headers: z.array(z.object({ name: z.string().min(1), value: z.string() })).default([]),
  /** Templated request body (usually JSON) for POST, PUT, PATCH. */
  body: z.string().default(""),
  timeoutMs: z.number().int().min(100).max(30000).default(3000),
  responseMappings: z.array(responseMappingSchema).default([]),
  /** Optionally store the HTTP status code. */
  statusVariable: variableNameSchema.optional(),
});
export type HttpNode = z.infer<typeof httpNodeSchema>;
