// The account's custom menu: its document, WeChat's rules for it, and the body WeChat receives.
export {
  type CheckMenuOptions,
  checkMenu,
  type MenuProblem,
  type MenuProblemCode,
  menuProblemCatalog,
  menuPublishable,
} from "./checkMenu";
export {
  emptyMenu,
  keyedMenuButtonTypes,
  MENU_LIMITS,
  MENU_SCHEMA_VERSION,
  type MenuAction,
  type MenuButtonType,
  type MenuDocument,
  type MenuTopButton,
  menuActionSchema,
  menuButtonTypes,
  menuDocumentSchema,
  menuTopButtonSchema,
} from "./schema";
export { toWechatMenu, type WechatMenuBody, type WechatMenuButton } from "./toWechatMenu";
