import { Command } from "commander";
import type { Context } from "../../context.js";
import { userActivateCommand, userDeactivateCommand, userResetTokenCommand, userSetPasswordCommand } from "./admin.js";
import { userListCommand } from "./list.js";
import { userLoginCommand } from "./login.js";
import { userLogoutCommand } from "./logout.js";
import { userPasswdCommand } from "./passwd.js";
import { userRegisterCommand } from "./register.js";
import { userResetCommand } from "./reset.js";
import { userSendVerificationCommand } from "./send-verification.js";
import { userVerifyEmailCommand } from "./verify-email.js";
import { userWhoamiCommand } from "./whoami.js";

export function userCommand(ctx: Context): Command {
  return new Command("user")
    .description("Accounts: register, log in and out, passwords; superusers manage other users")
    .addCommand(userRegisterCommand(ctx))
    .addCommand(userLoginCommand(ctx))
    .addCommand(userLogoutCommand(ctx))
    .addCommand(userWhoamiCommand(ctx))
    .addCommand(userPasswdCommand(ctx))
    .addCommand(userResetCommand(ctx))
    .addCommand(userSendVerificationCommand(ctx))
    .addCommand(userListCommand(ctx))
    .addCommand(userDeactivateCommand(ctx))
    .addCommand(userActivateCommand(ctx))
    .addCommand(userVerifyEmailCommand(ctx))
    .addCommand(userSetPasswordCommand(ctx))
    .addCommand(userResetTokenCommand(ctx));
}
