// Shapes of the admin API's JSON answers (see the API contract); the flow itself comes from shared/schema.

import type { MenuDocument, MenuProblem } from "../../shared/menu";
import type { Flow } from "../../shared/schema";
import type { Problem } from "../../shared/validate";

export interface Bilingual {
  zh: string;
  en: string;
}

export interface PublishedInfo {
  version: number;
  publishedAt: string;
}

/** What a publish answered; `unchanged`: nothing was published, `version` is the live one. */
export interface PublishResult extends PublishedInfo {
  unchanged: boolean;
  /** With `unchanged`: only node positions differ from the live version. */
  layoutChanged?: boolean;
}

/** What a rollback answered; `unchanged`: the old content is live already as `version`. */
export interface RollbackResult extends PublishedInfo {
  rolledBackTo: number;
  unchanged: boolean;
}

export interface FlowSummary {
  id: string;
  name: string;
  description: string;
  updatedAt: string;
  revision: string;
  nodeCount: number;
  published: PublishedInfo | null;
  errors: number;
  warnings: number;
}

export interface FlowWithRevision {
  flow: Flow;
  revision: string;
}

export interface TrashItem {
  trashId: string;
  id: string;
  name: string;
  deletedAt: string;
}

export interface Template {
  id: string;
  name: string;
  description: string;
}

export interface FlowVersion {
  version: number;
  publishedAt: string;
  note?: string | null;
}

export interface FlowLoadErrorItem {
  nodeId?: string;
  field: string;
  message: string | Bilingual;
}

export type { Problem };

/** What runs did at one node (see the funnel contract): reached, and the outcomes counted there. */
export interface FunnelNodeCounts {
  reached: number;
  inProgress: number;
  completed: number;
  dropped: number;
  handedOff: number;
  errors: number;
}

/** A published version with runs in the period. */
export interface FunnelVersion {
  version: number;
  runs: number;
}

/** GET /api/flows/:id/funnel: per-node funnel of the runs started in the period. */
export interface FlowFunnel {
  flowId: string;
  /** First and last day of the period, China time (YYYY-MM-DD). */
  from: string;
  to: string;
  days: number;
  version: number | null;
  /** Every version with runs in the period, newest first (whatever `version` asked for). */
  versions: FunnelVersion[];
  runs: number;
  /** Only nodes some run reached; ids no longer in the draft may appear. */
  nodes: Record<string, FunnelNodeCounts>;
  /** Unix ms from which the server counts runs. */
  since: number;
  /** The node every counted run passed through, or null for all runs (see FunnelQuery.through). */
  through: string | null;
}

export interface FunnelQuery {
  /** 1–365 calendar days in China time, today included. */
  days: number;
  /** One published version, or null for all together. */
  version: number | null;
  /** Only the runs that reached this node at least once (to compare A/B variants); null or omitted: all runs. */
  through?: string | null;
}

/** A publish of the custom menu to WeChat, as recorded. */
export interface MenuPublishRecord {
  version: number;
  publishedAt: string;
  menu: MenuDocument;
}

/** The custom menu as GET, PUT and publish answer it (see the menu contract). */
export interface MenuState {
  menu: MenuDocument;
  /** null: no draft file yet. */
  revision: string | null;
  updatedAt: string | null;
  problems: MenuProblem[];
  /** Click triggers of each flow's latest published version, sorted by flow name then key. */
  clickKeys: Array<{ key: string; flowId: string; flowName: string }>;
  published: MenuPublishRecord | null;
  wechat: { configured: boolean };
}

export interface MenuPublishResult extends MenuState {
  version: number;
  publishedAt: string;
}
