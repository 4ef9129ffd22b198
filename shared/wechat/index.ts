// WeChat's platform rules that the runtime and the simulator must apply alike.
export { type ExpandedReply, expandReply, type SplitPart } from "./expandReply";
export {
  fitText,
  splitText,
  TEXT_LIMIT_BYTES,
  TRUNCATION_MARKER,
  trimText,
  utf8Length,
} from "./textLimit";
