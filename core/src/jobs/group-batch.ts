/** Items written per round at most. */
const DEFAULT_MAX = 100;

interface Pending<I, O> {
  item: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items that arrive while a round is being written wait and go together in the next
 * one, so N concurrent callers cost one round trip each way instead of N. An idle caller's item is
 * written at once; nothing waits for a timer. `write` returns one output per item, in order; if it
 * throws, every caller of that round gets the error.
 */
export class GroupBatch<I, O> {
  readonly #write: (items: readonly I[]) => Promise<readonly O[]>;
  readonly #max: number;
  #pending: Pending<I, O>[] = [];
  #writing = false;

  constructor(write: (items: readonly I[]) => Promise<readonly O[]>, max = DEFAULT_MAX) {
    this.#write = write;
    this.#max = max;
  }

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#pending.length > 0) await this.#round(this.#pending.splice(0, this.#max));
    } finally {
      this.#writing = false;
    }
  }

  async #round(round: Pending<I, O>[]): Promise<void> {
    try {
      const outputs = await this.#write(round.map((pending) => pending.item));
      round.forEach((pending, index) => {
        const output = outputs[index];
        if (output === undefined) pending.reject(new Error('a batched write returned fewer results than items'));
        else pending.resolve(output);
      });
    } catch (error) {
      for (const pending of round) pending.reject(error);
    }
  }
}
