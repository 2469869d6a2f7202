import type { AddAccountEmailsOptions } from './add-account-emails.js'

/** A property to merge: its name and its lines (inner lines indented by one unit, no final comma). */
export type Member = [name: string, lines: string[]]

/**
 * What `emailAndPassword` gets: a required verification, and (unless the app sends resets itself)
 * the reset link's sender, lifetime and session revocation.
 */
export function emailAndPasswordMembers(options: AddAccountEmailsOptions, sendReset: boolean): Member[] {
  const members: Member[] = []
  if (options.emailVerification && options.requireEmailVerification)
    members.push([
      'requireEmailVerification',
      [
        '// No session until the address is verified (a new link is sent on each attempt).',
        'requireEmailVerification: true',
      ],
    ])
  if (sendReset)
    members.push(
      [
        'sendResetPassword',
        [
          '// /forgot-password sends the link, /reset-password uses it (once, within an hour).',
          'sendResetPassword: async ({ user, url }) => sendEmail(authEmails.resetPassword(user.email, url))',
        ],
      ],
      ['resetPasswordTokenExpiresIn', ['resetPasswordTokenExpiresIn: 60 * 60']],
      [
        'revokeSessionsOnPasswordReset',
        [
          '// A reset signs the user out everywhere (and revokes their API tokens).',
          'revokeSessionsOnPasswordReset: true',
        ],
      ],
    )
  return members
}

/** What `emailVerification` gets, and the comment above it when kit-auth creates it. */
export function verificationMembers(options: AddAccountEmailsOptions): { members: Member[]; comment: string[] } {
  return {
    members: [
      ['sendOnSignUp', ['sendOnSignUp: true']],
      ...(options.verificationLinkOnce
        ? ([['autoSignInAfterVerification', ['autoSignInAfterVerification: true']]] as Member[])
        : []),
      [
        'sendVerificationEmail',
        ['sendVerificationEmail: async ({ user, url }) => sendEmail(authEmails.verifyEmail(user.email, url))'],
      ],
    ],
    comment: [
      options.verificationLinkOnce
        ? '// Sent on sign-up and on request; the link verifies the address and signs the user in.'
        : '// Sent on sign-up and on request; the link verifies the address (no sign-in by link on this release).',
    ],
  }
}

/** `user.changeEmail`: a new address is used only once its owner follows the link sent to it. */
export function changeEmailMember(options: AddAccountEmailsOptions, unit: string): Member {
  const changeEmail = options.changeEmailVerification
    ? [
        'changeEmail: {',
        `${unit}enabled: true,`,
        `${unit}sendChangeEmailVerification: async ({ newEmail, url }) =>`,
        `${unit}${unit}sendEmail(authEmails.verifyEmail(newEmail, url)),`,
        '}',
      ]
    : ['changeEmail: { enabled: true }']
  return ['changeEmail', ['// The new address is used once its owner follows the link sent to it.', ...changeEmail]]
}
