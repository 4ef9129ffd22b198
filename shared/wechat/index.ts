// WeChat's platform rules that the runtime and the simulator must apply alike.
export { expandReply } from "./expandReply";
export {
  fitText,
  splitText,
  TEXT_LIMIT_BYTES,
  TRUNCATION_MARKER,
  trimText,
  utf8Length,
} from "./textLimit";
