// What the admin API needs from the rest of the server, passed in so tests can use temp folders.
import type { AdminAuth } from "../auth/adminAuth";
import type { FlowRepository } from "../flows/flowRepository";
import type { Store } from "../store/types";
import type { WechatApiClient } from "../wechat/apiClient";
import type { SandboxDeps } from "./sandbox";

export interface ApiDeps {
  store: Store;
  /** HUASHU_FLOWS_DIR: where the editable flow files live. */
  flowsDir: string;
  auth: AdminAuth;
  /** HUASHU_TRUST_PROXY: the login limit counts per X-Forwarded-For client (see clientAddress). */
  trustProxy?: boolean;
  /** Unix ms; injected so tests control expiry and rate-limit windows. */
  now: () => number;
  /** Where the example flows are read from; defaults to the repository's own flows/ folder. */
  templatesDir?: string;
  /** Called after a publish or rollback, e.g. to make the runtime drop its cached catalog at once. */
  onPublished?: (flowId: string, version: number) => void;
  /** Replaces the file access built from `flowsDir` (tests simulate failing disks with it). */
  flowRepository?: FlowRepository;
  /** Where unexpected errors are reported; defaults to console.error. */
  logError?: (message: string, error: unknown) => void;
  /** Where the operator is told of a setting that looks wrong; defaults to console.warn. */
  logWarn?: (message: string) => void;
  /**
   * The WeChat API client (WECHAT_APP_ID and WECHAT_APP_SECRET set), for publishing the custom
   * menu; absent: publishing answers 409 wechat_not_configured.
   */
  wechatApi?: Pick<WechatApiClient, "createMenu">;
  /** WeChat settings and the app's own /wechat handler, for the simulator's sandbox; absent: 409. */
  sandbox?: SandboxDeps;
}

/** Times leave the API as ISO 8601 text (UTC), which JSON readers and Date.parse understand. */
export function iso(unixMs: number): string {
  return new Date(unixMs).toISOString();
}
