// The flow files in HUASHU_FLOWS_DIR: list, read, save (atomic, revision-checked), delete to .trash and restore.
import { createHash, randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import { join } from "node:path";
import {
  type Flow,
  type FlowLoadError,
  idSchema,
  parseFlow,
  serializeFlow,
} from "../../shared/schema";
import { parseFlowFileText } from "./loadFlowFile";
import { writeFileAtomically } from "./writeFileAtomically";

/** One file of the folder: a flow, or the reasons it could not be read (the list still shows it). */
export type FlowEntry =
  | { ok: true; id: string; file: string; flow: Flow; revision: string; updatedAt: number }
  | {
      ok: false;
      id: string;
      file: string;
      errors: FlowLoadError[];
      /** Absent when the bytes could not be read at all. */
      revision?: string;
      updatedAt?: number;
    };

export type SaveResult =
  | { ok: true; revision: string; flow: Flow }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "stale"; currentRevision: string }
  | { ok: false; reason: "invalid"; errors: FlowLoadError[] };

export interface TrashItem {
  trashId: string;
  id: string;
  name: string;
  /** Unix ms. */
  deletedAt: number;
}

export type RestoreResult =
  | { ok: true; entry: FlowEntry }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "exists"; id: string };

export interface FlowRepository {
  readonly dir: string;
  list(): Promise<FlowEntry[]>;
  read(id: string): Promise<FlowEntry | undefined>;
  /** The file exactly as stored (for export), or undefined. */
  readBytes(id: string): Promise<Buffer | undefined>;
  /**
   * Writes a new flow file. The flow keeps its id when `keepId` is set and the id is free; otherwise
   * it gets a new id made from its name. Returns the flow as written (with its final id).
   */
  create(flow: Flow, options?: { keepId?: boolean }): Promise<{ flow: Flow; revision: string }>;
  /** Validates `raw`, checks `baseRevision` against the file's current bytes, then replaces it atomically. */
  save(id: string, raw: unknown, baseRevision: string): Promise<SaveResult>;
  /** Moves the file (and its test cases) into `.trash/`; undefined when there is no such flow. */
  remove(id: string, now: number): Promise<{ trashId: string } | undefined>;
  listTrash(): Promise<TrashItem[]>;
  restore(trashId: string): Promise<RestoreResult>;
}

/** File operations the repository needs; tests replace `rename` to simulate a crash before it. */
export interface FlowFileSystem {
  rename(from: string, to: string): Promise<void>;
}

const TRASH = ".trash";
const TRASH_ID = /^([A-Za-z0-9_-]{1,64})\.(\d{1,16})$/;

export function flowRevision(bytes: Buffer | string): string {
  return createHash("sha1").update(bytes).digest("hex");
}

export function isFlowId(id: string): boolean {
  return idSchema.safeParse(id).success;
}

export function isTrashId(trashId: string): boolean {
  return TRASH_ID.test(trashId);
}

/**
 * `*.json` files that hold flows: not test cases, not the custom menu's draft (wechat.menu.json),
 * not the JSON Schema, not hidden or temporary files.
 */
export function isFlowFileName(name: string): boolean {
  return (
    name.endsWith(".json") &&
    !name.startsWith(".") &&
    !name.endsWith(".tests.json") &&
    !name.endsWith(".menu.json") &&
    name !== "flow.schema.json"
  );
}

/**
 * A readable id: an ASCII slug of the name when it has one ("Spring sale" → spring-sale), else
 * `flow-` + base36 time + random, with a random suffix until it is free.
 */
export function newFlowId(name: string, now: number, isTaken: (id: string) => boolean): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  const base = slug.length >= 3 ? slug : `flow-${now.toString(36)}`;
  if (!isTaken(base)) return base;
  for (;;) {
    const candidate = `${base}-${randomBytes(3).toString("hex")}`;
    if (!isTaken(candidate)) return candidate;
  }
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await fsp.readFile(path);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return undefined;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await fsp.access(path);
    return true;
  } catch {
    return false;
  }
}

/** Turns a file's bytes into a flow or into errors naming the file, node and field (JSON line and column too). */
export function parseFlowFile(
  file: string,
  bytes: Buffer,
): { ok: true; flow: Flow } | { ok: false; errors: FlowLoadError[] } {
  const parsed = parseFlowFileText(file, bytes.toString("utf8"));
  if (!parsed.ok) {
    return {
      ok: false,
      errors: parsed.errors.map((e) => ({ ...e, message: `${file}: ${e.message}` })),
    };
  }
  const expectedId = file.slice(0, -".json".length);
  if (parsed.flow.id !== expectedId) {
    return {
      ok: false,
      errors: [
        {
          field: "id",
          message: `${file}: 文件名与流程 id "${parsed.flow.id}" 不一致，请把文件改名为 ${parsed.flow.id}.json / the file name does not match the flow id "${parsed.flow.id}"; rename the file to ${parsed.flow.id}.json`,
        },
      ],
    };
  }
  return parsed;
}

/** Runs one task at a time per key, so two saves of one flow cannot both pass the revision check. */
function createKeyedLock() {
  const tails = new Map<string, Promise<void>>();
  return async function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const tail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
    tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

export function createFlowRepository(
  dir: string,
  options: { fs?: Partial<FlowFileSystem>; now?: () => number } = {},
): FlowRepository {
  const now = options.now ?? Date.now;
  const rename = options.fs?.rename ?? ((from: string, to: string) => fsp.rename(from, to));
  const withLock = createKeyedLock();
  const pathOf = (id: string) => join(dir, `${id}.json`);
  const trashDir = join(dir, TRASH);

  async function readEntry(file: string): Promise<FlowEntry | undefined> {
    const id = file.slice(0, -".json".length);
    const path = join(dir, file);
    let bytes: Buffer;
    let updatedAt: number;
    try {
      bytes = await fsp.readFile(path);
      updatedAt = Math.round((await fsp.stat(path)).mtimeMs);
    } catch (error) {
      if (errnoCode(error) === "ENOENT") return undefined;
      return {
        ok: false,
        id,
        file,
        errors: [
          {
            field: "",
            message: `${file}: 无法读取，请检查文件权限 / cannot be read (${(error as Error).message}); check its permissions`,
          },
        ],
      };
    }
    const revision = flowRevision(bytes);
    const parsed = parseFlowFile(file, bytes);
    if (!parsed.ok) return { ok: false, id, file, errors: parsed.errors, revision, updatedAt };
    return { ok: true, id, file, flow: parsed.flow, revision, updatedAt };
  }

  const writeAtomically = (path: string, text: string) =>
    writeFileAtomically(dir, path, text, rename);

  async function listFileNames(): Promise<string[]> {
    try {
      return (await fsp.readdir(dir, { withFileTypes: true }))
        .filter((d) => d.isFile() && isFlowFileName(d.name))
        .map((d) => d.name)
        .sort();
    } catch (error) {
      if (errnoCode(error) === "ENOENT") return [];
      throw error;
    }
  }

  return {
    dir,

    async list() {
      const entries = await Promise.all((await listFileNames()).map(readEntry));
      return entries.filter((e): e is FlowEntry => e !== undefined);
    },

    async read(id) {
      if (!isFlowId(id)) return undefined;
      return readEntry(`${id}.json`);
    },

    async readBytes(id) {
      if (!isFlowId(id)) return undefined;
      return readIfExists(pathOf(id));
    },

    async create(flow, createOptions = {}) {
      await fsp.mkdir(dir, { recursive: true });
      const taken = new Set((await listFileNames()).map((f) => f.slice(0, -".json".length)));
      for (;;) {
        const id =
          createOptions.keepId && !taken.has(flow.id)
            ? flow.id
            : newFlowId(flow.name, now(), (candidate) => taken.has(candidate));
        const created = await withLock(id, async () => {
          if (await exists(pathOf(id))) return undefined;
          const copy: Flow = { ...flow, id };
          const text = serializeFlow(copy);
          await writeAtomically(pathOf(id), text);
          const written = parseFlow(JSON.parse(text));
          return { flow: written.ok ? written.flow : copy, revision: flowRevision(text) };
        });
        if (created) return created;
        taken.add(id);
      }
    },

    save(id, raw, baseRevision) {
      return withLock(id, async (): Promise<SaveResult> => {
        const parsed = parseFlow(raw);
        if (!parsed.ok) return { ok: false, reason: "invalid", errors: parsed.errors };
        if (parsed.flow.id !== id) {
          return {
            ok: false,
            reason: "invalid",
            errors: [
              {
                field: "id",
                message: `流程 id "${parsed.flow.id}" 与地址中的 "${id}" 不一致；id 创建后不能修改 / flow id "${parsed.flow.id}" does not match "${id}" in the address; ids cannot change once created`,
              },
            ],
          };
        }
        const current = await readIfExists(pathOf(id));
        if (!current) return { ok: false, reason: "not_found" };
        const currentRevision = flowRevision(current);
        if (currentRevision !== baseRevision)
          return { ok: false, reason: "stale", currentRevision };
        const text = serializeFlow(parsed.flow);
        await writeAtomically(pathOf(id), text);
        return { ok: true, revision: flowRevision(text), flow: parsed.flow };
      });
    },

    remove(id, at) {
      if (!isFlowId(id)) return Promise.resolve(undefined);
      return withLock(id, async () => {
        if (!(await exists(pathOf(id)))) return undefined;
        await fsp.mkdir(trashDir, { recursive: true });
        let deletedAt = at;
        while (await exists(join(trashDir, `${id}.${deletedAt}.json`))) deletedAt += 1;
        const trashId = `${id}.${deletedAt}`;
        await fsp.rename(pathOf(id), join(trashDir, `${trashId}.json`));
        const tests = join(dir, `${id}.tests.json`);
        if (await exists(tests)) await fsp.rename(tests, join(trashDir, `${trashId}.tests.json`));
        return { trashId };
      });
    },

    async listTrash() {
      let names: string[];
      try {
        names = await fsp.readdir(trashDir);
      } catch (error) {
        if (errnoCode(error) === "ENOENT") return [];
        throw error;
      }
      const items: TrashItem[] = [];
      for (const name of names) {
        if (!name.endsWith(".json") || name.endsWith(".tests.json")) continue;
        const trashId = name.slice(0, -".json".length);
        const match = TRASH_ID.exec(trashId);
        if (!match) continue;
        const id = match[1] as string;
        let flowName = id;
        try {
          const raw = JSON.parse(await fsp.readFile(join(trashDir, name), "utf8")) as unknown;
          const value = (raw as { name?: unknown } | null)?.name;
          if (typeof value === "string" && value) flowName = value;
        } catch {
          // an unreadable file is still listed under its id, so it can be restored and fixed
        }
        items.push({ trashId, id, name: flowName, deletedAt: Number(match[2]) });
      }
      return items.sort((a, b) => b.deletedAt - a.deletedAt);
    },

    async restore(trashId) {
      const match = TRASH_ID.exec(trashId);
      if (!match) return { ok: false, reason: "not_found" };
      const id = match[1] as string;
      return withLock(id, async (): Promise<RestoreResult> => {
        const trashed = join(trashDir, `${trashId}.json`);
        if (!(await exists(trashed))) return { ok: false, reason: "not_found" };
        if (await exists(pathOf(id))) return { ok: false, reason: "exists", id };
        await fsp.rename(trashed, pathOf(id));
        const tests = join(trashDir, `${trashId}.tests.json`);
        const testsHome = join(dir, `${id}.tests.json`);
        if ((await exists(tests)) && !(await exists(testsHome))) await fsp.rename(tests, testsHome);
        const entry = await readEntry(`${id}.json`);
        if (!entry) return { ok: false, reason: "not_found" };
        return { ok: true, entry };
      });
    },
  };
}
