// UI text of the "auth" namespace, Chinese first; keep zh and en keys identical.
export default {
  zh: {
    product: "话术 Huashu",
    lead: "登录后即可编辑公众号的对话流程。",
    password: "管理密码",
    passwordPlaceholder: "请输入管理密码",
    signIn: "登录",
    signingIn: "正在登录…",
    wrongPassword: "密码不正确，请重新输入。",
    rateLimited: "尝试次数过多，请 {{seconds}} 秒后再试。",
    rateLimitedOver: "现在可以再试一次了。",
    unreachable: "无法连接服务器，请确认服务已启动。",
    hint: "密码由部署者通过 HUASHU_ADMIN_PASSWORD 设置。",
  },
  en: {
    product: "Huashu 话术",
    lead: "Sign in to edit your Official Account's conversation flows.",
    password: "Admin password",
    passwordPlaceholder: "Enter the admin password",
    signIn: "Sign in",
    signingIn: "Signing in…",
    wrongPassword: "Wrong password. Please try again.",
    rateLimited: "Too many attempts. Try again in {{seconds}} s.",
    rateLimitedOver: "You can try again now.",
    unreachable: "Cannot reach the server. Make sure it is running.",
    hint: "The password is set by whoever installed Huashu (HUASHU_ADMIN_PASSWORD).",
  },
};
