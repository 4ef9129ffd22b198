// The custom menu's draft: <flowsDir>/wechat.menu.json, read and saved (atomically, revision-checked).
import { promises as fsp } from "node:fs";
import { join } from "node:path";
import { emptyMenu, type MenuDocument, menuDocumentSchema } from "../../shared/menu";
import { flowRevision } from "../flows/flowRepository";
import { findJsonSyntaxError } from "../flows/jsonSyntaxError";
import { writeFileAtomically } from "../flows/writeFileAtomically";

/** Beside the flows, so it is versioned and diffed with them; `*.menu.json` is never listed as a flow. */
export const MENU_FILE_NAME = "wechat.menu.json";

/** One thing wrong with a menu document: the dotted field path (`buttons.1.children.0.name`) and why. */
export interface MenuFieldError {
  field: string;
  message: string;
}

export interface MenuDraft {
  menu: MenuDocument;
  /** sha1 of the file's bytes; null while there is no file (the empty menu). */
  revision: string | null;
  /** The file's mtime, Unix ms; null while there is no file. */
  updatedAt: number | null;
}

export type MenuRead =
  | ({ ok: true } & MenuDraft)
  | {
      ok: false;
      file: string;
      errors: MenuFieldError[];
      /** Of the bytes that do not read: saving over them with this revision replaces the file. */
      revision: string;
      updatedAt: number;
    };

export type MenuSaveResult = { ok: true; draft: MenuDraft } | { ok: false; current: MenuRead };

export interface MenuFile {
  readonly file: string;
  read(): Promise<MenuRead>;
  /** Replaces the draft when `baseRevision` is the file's current one (null: there is no file yet). */
  save(menu: MenuDocument, baseRevision: string | null): Promise<MenuSaveResult>;
}

/** A menu from JSON, or every field that is wrong with it. */
export function parseMenuDocument(
  raw: unknown,
): { ok: true; menu: MenuDocument } | { ok: false; errors: MenuFieldError[] } {
  const parsed = menuDocumentSchema.safeParse(raw);
  if (parsed.success) return { ok: true, menu: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      field: issue.path.map(String).join("."),
      message: issue.message,
    })),
  };
}

export function serializeMenu(menu: MenuDocument): string {
  return `${JSON.stringify(menu, null, 2)}\n`;
}

/** The file's text as a menu, or errors that name the file and the field (or the JSON line and column). */
export function parseMenuFileText(
  file: string,
  text: string,
): { ok: true; menu: MenuDocument } | { ok: false; errors: MenuFieldError[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const found = findJsonSyntaxError(text);
    const message = found
      ? `${file}: JSON 语法错误，第 ${found.line} 行第 ${found.column} 列：${found.message} / JSON syntax error at line ${found.line}, column ${found.column}: ${found.message}`
      : `${file}: JSON 语法错误 / JSON syntax error: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, errors: [{ field: "", message }] };
  }
  const parsed = parseMenuDocument(raw);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    errors: parsed.errors.map((e) => ({
      field: e.field,
      message: `${file}: 字段 ${e.field || "(根)"} 无效：${e.message} / field ${e.field || "(root)"} is not valid: ${e.message}`,
    })),
  };
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

export function createMenuFile(
  flowsDir: string,
  options: { rename?: (from: string, to: string) => Promise<void> } = {},
): MenuFile {
  const path = join(flowsDir, MENU_FILE_NAME);
  // One save at a time, so two saves from the same revision cannot both pass the check.
  let tail: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };

  async function read(): Promise<MenuRead> {
    let bytes: Buffer;
    let updatedAt: number;
    try {
      bytes = await fsp.readFile(path);
      updatedAt = Math.round((await fsp.stat(path)).mtimeMs);
    } catch (error) {
      if (isMissing(error)) return { ok: true, menu: emptyMenu(), revision: null, updatedAt: null };
      throw error;
    }
    const revision = flowRevision(bytes);
    const parsed = parseMenuFileText(MENU_FILE_NAME, bytes.toString("utf8"));
    if (!parsed.ok) {
      return { ok: false, file: MENU_FILE_NAME, errors: parsed.errors, revision, updatedAt };
    }
    return { ok: true, menu: parsed.menu, revision, updatedAt };
  }

  return {
    file: path,
    read,
    save(menu, baseRevision) {
      return serially(async (): Promise<MenuSaveResult> => {
        const current = await read();
        if (current.revision !== baseRevision) return { ok: false, current };
        const text = serializeMenu(menu);
        await fsp.mkdir(flowsDir, { recursive: true });
        await writeFileAtomically(flowsDir, path, text, options.rename);
        const updatedAt = Math.round((await fsp.stat(path)).mtimeMs);
        return { ok: true, draft: { menu, revision: flowRevision(text), updatedAt } };
      });
    },
  };
}
