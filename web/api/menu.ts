// A quiet read of the saved custom menu, for the preview and the triggers panel (GET /api/menu).
import { ApiError } from "./ApiError";

/**
 * The saved draft's MenuState, of which its readers use only `menu` (checked against the schema).
 * A plain fetch rather than the client's `request`: it is loaded in the background,
 * so a failure must neither send the editor to the login page nor raise the connection toast.
 */
export async function getMenu(): Promise<{ menu: unknown }> {
  let response: Response;
  try {
    response = await fetch("/api/menu", { credentials: "same-origin" });
  } catch (cause) {
    const error = new ApiError(0, "network", undefined);
    error.cause = cause;
    throw error;
  }
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, undefined);
  return (await response.json()) as { menu: unknown };
}
