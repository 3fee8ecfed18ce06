import { startTestServer, type TestServer } from '../../../testing/test-server.ts';
import { startTestSmtp, type TestSmtp } from '../../../testing/test-smtp.ts';

export interface MailingTestServer {
  /** The mailbox every mail of the server arrives in. */
  smtp: TestSmtp;
  /** A server whose links point at the web app on https://app.example. */
  t: TestServer;
  close(): Promise<void>;
}

/** A test server whose mail-smtp sends over SMTP to a test mailbox, configured by MIRAI_SMTP_URL as an operator would. */
export async function startMailingTestServer(): Promise<MailingTestServer> {
  const smtp = await startTestSmtp();
  let t: TestServer;
  try {
    t = await startTestServer({ MIRAI_APP_URL: 'https://app.example', MIRAI_SMTP_URL: smtp.url });
  } catch (error) {
    await smtp.close();
    throw error;
  }
  return {
    smtp,
    t,
    close: async () => {
      await t.close();
      await smtp.close();
    },
  };
}
