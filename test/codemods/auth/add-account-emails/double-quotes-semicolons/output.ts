import { betterAuth } from "better-auth";
import { authEmails, sendEmail } from "#/lib/auth/email";

export const auth = betterAuth({
    emailAndPassword: {
        enabled: true,
        minPasswordLength: 12,
        // /forgot-password sends the link, /reset-password uses it (once, within an hour).
        sendResetPassword: async ({ user, url }) => sendEmail(authEmails.resetPassword(user.email, url)),
        resetPasswordTokenExpiresIn: 60 * 60,
        // A reset signs the user out everywhere (and revokes their API tokens).
        revokeSessionsOnPasswordReset: true,
    },
});
