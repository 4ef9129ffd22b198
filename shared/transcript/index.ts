// Rendering a conversation as text: the terminal chat and golden transcripts share this.
export * from "./createChat";
export * from "./httpMode";
export * from "./parseChatLine";
export * from "./renderEffectText";
export * from "./renderReplyText";
