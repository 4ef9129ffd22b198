// The pure flow engine: one import for the simulator and the runtime.

export { localTime } from "./conditions";
export { normalizeText } from "./normalize";
export { matchOption, renderOptions } from "./options";
export {
  AD_LABEL,
  isNight,
  MINOR_TAG,
  NIGHT_END_HOUR,
  NIGHT_START_HOUR,
  promotionWithheld,
  withAdLabel,
} from "./promotion";
export { createSession, isExpired } from "./session";
export * from "./step";
export { FOLLOWER_TEMPLATE_FIELDS, renderTemplate, templateVariables } from "./template";
export * from "./types";
export { validateInput } from "./validators";
export { MAX_NODE_VISITS } from "./walk";
