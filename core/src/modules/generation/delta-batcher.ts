/**
 * Coalesces streamed text into fewer, larger events: every event is persisted for replay, and a
 * model can emit a token at a time. Flushes on size or age, and on demand at the end.
 */
export class DeltaBatcher {
  #buffer = '';
  #since = 0;
  readonly #flush: (text: string) => Promise<unknown>;
  readonly #maxChars: number;
  readonly #maxAgeMs: number;

  constructor(flush: (text: string) => Promise<unknown>, options: { maxChars?: number; maxAgeMs?: number } = {}) {
    this.#flush = flush;
    this.#maxChars = options.maxChars ?? 400;
    this.#maxAgeMs = options.maxAgeMs ?? 120;
  }

  async push(text: string): Promise<void> {
    if (this.#buffer === '') this.#since = Date.now();
    this.#buffer += text;
    if (this.#buffer.length >= this.#maxChars || Date.now() - this.#since >= this.#maxAgeMs) await this.drain();
  }

  async drain(): Promise<void> {
    if (this.#buffer === '') return;
    const text = this.#buffer;
    this.#buffer = '';
    await this.#flush(text);
  }
}
