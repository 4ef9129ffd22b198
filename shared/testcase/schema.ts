// The flow test-case file (flows/<id>.tests.json): conversations saved from the simulator, replayed by the runner.
import { z } from "zod";
import { idSchema } from "../schema";

export const TEST_FILE_SCHEMA_VERSION = 1;

const isoTimeSchema = z.string().refine((text) => !Number.isNaN(Date.parse(text)), {
  message:
    "不是有效的 ISO 时间，例如 2025-03-10T10:00:00+08:00 / not an ISO time such as 2025-03-10T10:00:00+08:00",
});

/** A response body nested deeper is refused: writing it back out (JSON.stringify) overflows the stack. */
const MAX_BODY_DEPTH = 100;

/** Whether arrays and objects in `value` nest at most `max` levels deep (walked without recursion). */
function nestsAtMost(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== "object" || item === null) continue;
    if (depth > max) return false;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return true;
}

export const httpResultSchema = z.union([
  z.object({
    ok: z.literal(true),
    status: z.number().int(),
    body: z.unknown().refine((body) => nestsAtMost(body, MAX_BODY_DEPTH), {
      message: `嵌套超过 ${MAX_BODY_DEPTH} 层 / nested more than ${MAX_BODY_DEPTH} levels deep`,
    }),
  }),
  z.object({
    ok: z.literal(false),
    reason: z.enum(["timeout", "network", "status"]),
    status: z.number().int().optional(),
    message: z.string().optional(),
  }),
]);

const mediaKinds = ["image", "voice", "video", "shortvideo", "location", "link"] as const;

/** What a step sends: an engine input, an http result for the waiting request, or a start at a node. */
export const testInputSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string(), menuId: z.string().optional() }),
  z.object({
    type: z.literal("media"),
    media: z.enum(mediaKinds),
    mediaId: z.string().optional(),
    url: z.string().optional(),
    label: z.string().optional(),
  }),
  z.object({
    type: z.literal("event"),
    /** handoffClosed: the agent closed the session in WeChat's customer service (kf_close_session). */
    event: z.enum(["subscribe", "unsubscribe", "scan", "click", "view", "handoffClosed"]),
    scene: z.string().optional(),
    key: z.string().optional(),
    url: z.string().optional(),
  }),
  /** The result of the http request the conversation waits for (its request id is filled in). */
  z.object({ type: z.literal("httpResult"), result: httpResultSchema }),
  /** The engine's own form; `requestId` may be left out like httpResult. */
  z.object({
    type: z.literal("effectResult"),
    requestId: z.string().optional(),
    result: httpResultSchema,
  }),
  /** The simulator's "start from this node": a fresh conversation at `nodeId`. */
  z.object({ type: z.literal("startAt"), nodeId: idSchema, flowId: idSchema.optional() }),
]);
export type TestInput = z.infer<typeof testInputSchema>;

/** One expected reply or effect: its text as the follower reads it, optionally the node that said it. */
export const expectedItemSchema = z.union([
  z.string(),
  z.object({ text: z.string(), nodeId: idSchema.optional() }),
]);
export type ExpectedItem = z.infer<typeof expectedItemSchema>;

export const testStepSchema = z.object({
  input: testInputSchema,
  expect: z.array(expectedItemSchema),
  /** The clock for this step when it is not one second after the previous one. */
  now: isoTimeSchema.optional(),
});
export type TestStep = z.infer<typeof testStepSchema>;

/** The follower at the start of the case; anything left out is a brand-new follower. */
export const followerSetupSchema = z
  .object({
    openid: z.string().min(1).optional(),
    subscribed: z.boolean().optional(),
    scene: z.string().nullable().optional(),
    tags: z.array(z.string()).optional(),
    isNew: z.boolean().optional(),
    interactions: z.number().int().min(0).optional(),
    silentDays: z.number().int().min(0).optional(),
    ab: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type FollowerSetup = z.infer<typeof followerSetupSchema>;

export const testCaseSchema = z.object({
  id: idSchema,
  name: z.string().min(1),
  follower: followerSetupSchema.optional(),
  /** Start time; each step runs one second after the previous. */
  now: isoTimeSchema.optional(),
  steps: z.array(testStepSchema).min(1),
});
export type TestCase = z.infer<typeof testCaseSchema>;

export const testFileSchema = z.object({
  $schema: z.string().optional(),
  schemaVersion: z.literal(TEST_FILE_SCHEMA_VERSION),
  flowId: idSchema,
  cases: z.array(testCaseSchema),
});
export type TestFile = z.infer<typeof testFileSchema>;

export interface TestFileError {
  /** Dotted path, e.g. `cases.0.steps.2.input.type`. */
  field: string;
  message: string;
}

export type TestFileParseResult =
  | { ok: true; file: TestFile }
  | { ok: false; errors: TestFileError[] };

function issuesOf(error: z.ZodError): TestFileError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join(".") || "(file)",
    message: issue.message,
  }));
}

/** Validates parsed JSON as a test file, never throwing. */
export function parseTestFile(raw: unknown): TestFileParseResult {
  const result = testFileSchema.safeParse(raw);
  return result.success
    ? { ok: true, file: result.data }
    : { ok: false, errors: issuesOf(result.error) };
}

/** Validates the `cases` of a PUT body or the simulator's list. */
export function parseTestCases(
  raw: unknown,
): { ok: true; cases: TestCase[] } | { ok: false; errors: TestFileError[] } {
  const result = z.array(testCaseSchema).safeParse(raw);
  if (!result.success) {
    return {
      ok: false,
      errors: issuesOf(result.error).map((e) => ({ ...e, field: `cases.${e.field}` })),
    };
  }
  const seen = new Set<string>();
  for (const [i, c] of result.data.entries()) {
    if (seen.has(c.id)) {
      return {
        ok: false,
        errors: [
          {
            field: `cases.${i}.id`,
            message: `测试用例 id "${c.id}" 重复，请改名 / duplicate test case id "${c.id}"; rename it`,
          },
        ],
      };
    }
    seen.add(c.id);
  }
  return { ok: true, cases: result.data };
}

/** One line per error, naming the file and the field: what `npm run flow-test` prints. */
export function formatTestFileErrors(source: string, errors: TestFileError[]): string {
  return errors.map((e) => `${source} (field ${e.field}): ${e.message}`).join("\n");
}

/** The file's text: stable key order, 2-space indent, trailing newline. */
export function serializeTestFile(flowId: string, cases: TestCase[]): string {
  const file: TestFile = { schemaVersion: TEST_FILE_SCHEMA_VERSION, flowId, cases };
  return `${JSON.stringify(testFileSchema.parse(file), null, 2)}\n`;
}
