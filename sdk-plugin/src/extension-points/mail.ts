/** One message to one recipient, plain text with an optional HTML alternative. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * Stable for one logical message (e.g. the job that sends it): a retried send carries the same
   * key, which providers use as the Message-ID so receivers and the provider can drop duplicates.
   */
  idempotencyKey: string;
}

/**
 * Outgoing mail for the whole instance (e-mail verification, later notifications). Instance-scoped
 * like `auth`: the operator configures it, organisations do not. The host sends through a job, so
 * `send` may throw a transient PluginError (`MIRAI_ERR_PLUGIN_UPSTREAM`) to be retried.
 */
export interface MailProvider {
  send(message: MailMessage): Promise<{ messageId: string }>;
}
