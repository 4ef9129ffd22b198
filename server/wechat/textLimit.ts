// The server's name for WeChat's text limit; the logic lives in shared so the simulator splits the same way.
export {
  fitText,
  splitText,
  TEXT_LIMIT_BYTES,
  TRUNCATION_MARKER,
  trimText,
  utf8Length,
} from "../../shared/wechat/textLimit";
