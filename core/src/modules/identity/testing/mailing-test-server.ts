import { startTestServer, type TestServer } from '../../../testing/test-server.ts';
import { startTestSmtp, type TestSmtp } from '../../../testing/test-smtp.ts';

export interface MailingTestServer {
  /** The mailbox every mail of the server arrives in. */
  smtp: TestSmtp;
  /** A server whose links point at the web app on https://app.example. */
  t: TestServer;
  close(): Promise<void>;
}

/**
 * A test server that sends its mail over SMTP to a test mailbox. mail-smtp reads MIRAI_SMTP_URL
 * from the instance environment, as it does in production, so the variable is set until `close`.
 */
export async function startMailingTestServer(): Promise<MailingTestServer> {
  const smtp = await startTestSmtp();
  process.env.MIRAI_SMTP_URL = smtp.url;
  const stopSmtp = async () => {
    delete process.env.MIRAI_SMTP_URL;
    await smtp.close();
  };
  let t: TestServer;
  try {
    t = await startTestServer({ MIRAI_APP_URL: 'https://app.example' });
  } catch (error) {
    await stopSmtp();
    throw error;
  }
  return {
    smtp,
    t,
    close: async () => {
      await t.close();
      await stopSmtp();
    },
  };
}
