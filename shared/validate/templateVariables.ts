// The variable names a `{{name}}` template refers to: the engine's own extractor, so validation and
// rendering always agree on what a placeholder is.
export { FOLLOWER_TEMPLATE_FIELDS, templateVariables } from "../engine";
