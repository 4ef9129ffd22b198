// The preview's read of the saved custom menu (GET /api/menu, see the menu contract).
import { ApiError } from "./ApiError";

/**
 * The saved draft's MenuState, of which the preview reads only `menu` (and checks it against the
 * schema). A plain fetch rather than the client's `request`: the preview loads it in the background,
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
