// Reading rows back into records: JSON columns parsed and checked, so a bad row is named, not crashed on.
import { z } from "zod";
import type { Session } from "../../shared/engine";
import { menuDocumentSchema } from "../../shared/menu";
import { type Flow, flowSchema } from "../../shared/schema";
import { StoreCorruptError } from "./storeErrors";
import type {
  FollowerRecord,
  InteractionDay,
  MenuPublish,
  MessageLogEntry,
  OpenWindowSends,
  OutboundMessage,
  OutboundStatus,
  PendingTurn,
  PublishedFlow,
  PublishedFlowSummary,
  ServiceSend,
  ServiceWindowKind,
} from "./types";

// Loose: a field added by a newer engine must survive a read and a write, not be stripped.
const sessionSchema = z.looseObject({
  flowId: z.string(),
  flowVersion: z.number().int(),
  nodeId: z.string().nullable(),
  status: z.enum(["active", "waiting", "done", "handedOff", "error"]),
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  retries: z.record(z.string(), z.number()),
  pending: z
    .looseObject({ type: z.literal("http"), requestId: z.string(), nodeId: z.string() })
    .nullable(),
  error: z.looseObject({ code: z.string(), message: z.string() }).nullable(),
  startedAt: z.number(),
  updatedAt: z.number(),
  expiresAt: z.number(),
});

function parseJson(text: unknown, table: string, key: string, column: string): unknown {
  if (typeof text !== "string")
    throw new StoreCorruptError(table, key, `column ${column} is not text`);
  try {
    return JSON.parse(text);
  } catch {
    throw new StoreCorruptError(table, key, `column ${column} is not valid JSON`);
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}` : "invalid";
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isIntOrNull = (v: unknown): v is number | null => v === null || isInt(v);
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === "string";

export interface FollowerRow {
  openid: string;
  first_seen_at: number;
  last_seen_at: number;
  subscribed: number;
  scene: string | null;
  tags: string;
  ab: string;
  messages_in: number;
  messages_out: number;
  last_message_at: number | null;
  last_event_at: number | null;
  last_active_at: number | null;
  interaction_days: string;
}

function isInteractionDays(value: unknown): value is InteractionDay[] {
  return (
    Array.isArray(value) &&
    value.every((d) => Array.isArray(d) && d.length === 2 && isInt(d[0]) && isInt(d[1]) && d[1] > 0)
  );
}

export function followerFromRow(row: FollowerRow): FollowerRecord {
  const key = String(row.openid);
  const bad = (detail: string) => new StoreCorruptError("followers", key, detail);
  const tags = parseJson(row.tags, "followers", key, "tags");
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === "string")) {
    throw bad("column tags is not a JSON array of strings");
  }
  const ab = parseJson(row.ab, "followers", key, "ab");
  if (
    typeof ab !== "object" ||
    ab === null ||
    Array.isArray(ab) ||
    !Object.values(ab).every((v) => typeof v === "string")
  ) {
    throw bad("column ab is not a JSON object of strings");
  }
  for (const column of ["first_seen_at", "last_seen_at", "messages_in", "messages_out"] as const) {
    if (!isInt(row[column])) throw bad(`column ${column} is not a number`);
  }
  for (const column of ["last_message_at", "last_event_at", "last_active_at"] as const) {
    if (!isIntOrNull(row[column])) throw bad(`column ${column} is not a number or null`);
  }
  if (!isStringOrNull(row.scene)) throw bad("column scene is not text or null");
  const days = parseJson(row.interaction_days, "followers", key, "interaction_days");
  if (!isInteractionDays(days)) {
    throw bad("column interaction_days is not a JSON array of [day, count] pairs");
  }
  return {
    openid: row.openid,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    subscribed: row.subscribed === 1,
    scene: row.scene,
    tags: tags as string[],
    ab: ab as Record<string, string>,
    messagesIn: row.messages_in,
    messagesOut: row.messages_out,
    lastMessageAt: row.last_message_at,
    lastEventAt: row.last_event_at,
    lastActiveAt: row.last_active_at,
    interactionDays: days,
  };
}

export function sessionFromJson(text: unknown, openid: string): Session {
  const result = sessionSchema.safeParse(parseJson(text, "sessions", openid, "session"));
  if (!result.success) {
    throw new StoreCorruptError("sessions", openid, `column session: ${firstIssue(result.error)}`);
  }
  return result.data as Session;
}

export interface FlowVersionRow {
  flow_id: string;
  version: number;
  flow?: string;
  published_at: number;
  note: string;
}

export function flowSummaryFromRow(row: FlowVersionRow): PublishedFlowSummary {
  return {
    flowId: row.flow_id,
    version: row.version,
    publishedAt: row.published_at,
    note: row.note,
  };
}

export function publishedFlowFromRow(row: FlowVersionRow): PublishedFlow {
  const key = `${row.flow_id}@${row.version}`;
  const result = flowSchema.safeParse(parseJson(row.flow, "flow_versions", key, "flow"));
  if (!result.success) {
    throw new StoreCorruptError("flow_versions", key, `column flow: ${firstIssue(result.error)}`);
  }
  const flow: Flow = result.data;
  return { ...flowSummaryFromRow(row), flow };
}

export interface MenuPublishRow {
  version: number;
  menu: string;
  published_at: number;
}

export function menuPublishFromRow(row: MenuPublishRow): MenuPublish {
  const key = String(row.version);
  const result = menuDocumentSchema.safeParse(parseJson(row.menu, "menu_publishes", key, "menu"));
  if (!result.success) {
    throw new StoreCorruptError("menu_publishes", key, `column menu: ${firstIssue(result.error)}`);
  }
  return { version: row.version, publishedAt: row.published_at, menu: result.data };
}

export interface MessageRow {
  openid: string;
  direction: string;
  at: number;
  msg_type: string;
  content: string;
  channel: string | null;
  flow_id: string | null;
  flow_version: number | null;
  node_id: string | null;
}

export function messageFromRow(row: MessageRow): MessageLogEntry {
  return {
    openid: row.openid,
    direction: row.direction as MessageLogEntry["direction"],
    at: row.at,
    msgType: row.msg_type,
    content: row.content,
    ...(row.channel === null ? {} : { channel: row.channel as MessageLogEntry["channel"] }),
    flowId: row.flow_id,
    flowVersion: row.flow_version,
    nodeId: row.node_id,
  };
}

export interface OutboundRow {
  id: number;
  openid: string;
  payload: string;
  created_at: number;
  not_before: number;
  attempts: number;
  status: string;
  last_error: string | null;
}

export function outboundFromRow(row: OutboundRow): OutboundMessage {
  return {
    id: row.id,
    openid: row.openid,
    payload: row.payload,
    createdAt: row.created_at,
    notBefore: row.not_before,
    attempts: row.attempts,
    status: row.status as OutboundStatus,
    lastError: row.last_error,
  };
}

export interface ServiceSendRow {
  openid: string;
  window_kind: string;
  sent_at: number;
}

export function serviceSendFromRow(row: ServiceSendRow): ServiceSend {
  // window_kind is one of the two (a CHECK constraint).
  return { openid: row.openid, window: row.window_kind as ServiceWindowKind, at: row.sent_at };
}

export interface OpenWindowSendsRow extends Omit<ServiceSendRow, "sent_at"> {
  count: number;
  last_at: number;
}

export function openWindowSendsFromRow(row: OpenWindowSendsRow): OpenWindowSends {
  return {
    openid: row.openid,
    window: row.window_kind as ServiceWindowKind,
    count: row.count,
    lastAt: row.last_at,
  };
}

export interface PendingTurnRow {
  dedup_key: string;
  reply: string;
  at: number;
  pending: string;
}

export function pendingTurnFromRow(row: PendingTurnRow): PendingTurn {
  const value = parseJson(row.pending, "processed", row.dedup_key, "pending");
  const { openid, resume } = (value ?? {}) as { openid?: unknown; resume?: unknown };
  if (typeof openid !== "string" || typeof resume !== "string") {
    throw new StoreCorruptError(
      "processed",
      row.dedup_key,
      "column pending lacks openid or resume",
    );
  }
  return { dedupKey: row.dedup_key, openid, reply: row.reply, at: row.at, resume };
}
