// Replaces a file so that readers see the old bytes or the new ones, never half (flows, the menu draft).
import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import { join } from "node:path";

/**
 * Temp file in the same folder → fsync → rename → fsync of the folder. `rename` is injectable so
 * tests can simulate a crash before it; the temp file is removed when it fails.
 */
export async function writeFileAtomically(
  dir: string,
  path: string,
  text: string,
  rename: (from: string, to: string) => Promise<void> = (from, to) => fsp.rename(from, to),
): Promise<void> {
  const temp = join(dir, `.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await fsp.open(temp, "wx", 0o644);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
  // Make the rename itself durable; some file systems refuse to open a folder, which is harmless.
  try {
    const folder = await fsp.open(dir, "r");
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // best effort
  }
}
