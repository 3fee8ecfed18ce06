import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, headless; without the networking flags it keeps dialling hosts this machine cannot reach. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

// Playwright's 30 s launch limit is a speed limit: on a machine whose cores are taken by other
// test files a start can take longer. This one only catches a Chromium that never comes up.
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 120_000 });
}
