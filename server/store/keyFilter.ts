// A Bloom filter of processed message ids: answers "certainly never handled" without a database read.
//
// Why: every WeChat message first asks whether it was handled before (a retry), and almost never
// was; that lookup was one of the largest reads left on the request path. A false "maybe" only costs
// the read that used to happen anyway; a key is never reported absent once added (until its row is
// purged). When the filter fills up, a new one is added beside it, so the false-positive rate stays
// near 1 %; a filter whose keys have all been purged from the table is dropped, so memory follows
// the ids kept (a day's) rather than every message handled since the server started.

const BITS_PER_KEY = 10; // about 1 % false positives with 7 hashes
const HASHES = 7;

class BloomFilter {
  readonly #bits: Uint32Array;
  readonly #size: number;
  count = 0;
  /** The latest time given with a key: once the table holds no id from before it, nor does this. */
  newestAt = Number.NEGATIVE_INFINITY;

  constructor(readonly capacity: number) {
    this.#size = Math.max(64, capacity * BITS_PER_KEY);
    this.#bits = new Uint32Array(Math.ceil(this.#size / 32));
  }

  /** Two FNV-1a hashes of the key's UTF-16 units, combined (Kirsch–Mitzenmacher) into HASHES indexes. */
  #positions(key: string, visit: (bit: number) => boolean): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ key.length;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h1 >>>= 0;
    h2 = (h2 | 1) >>> 0; // odd and unsigned, so the seven positions differ and stay positive
    for (let i = 0; i < HASHES; i++) {
      if (!visit((h1 + i * h2) % this.#size)) return false;
    }
    return true;
  }

  get bytes(): number {
    return this.#bits.byteLength;
  }

  add(key: string, at: number): void {
    this.#positions(key, (bit) => {
      this.#bits[bit >>> 5]! |= 1 << (bit & 31);
      return true;
    });
    this.count += 1;
    if (at > this.newestAt) this.newestAt = at;
  }

  mightContain(key: string): boolean {
    return this.#positions(key, (bit) => (this.#bits[bit >>> 5]! & (1 << (bit & 31))) !== 0);
  }
}

export class KeyFilter {
  readonly #filters: BloomFilter[];

  constructor(initialCapacity = 1_000_000) {
    this.#filters = [new BloomFilter(Math.max(1024, initialCapacity))];
  }

  /** `at`: the time stored with the key's row, which a purge compares (see forgetBefore). */
  add(key: string, at: number): void {
    let newest = this.#filters[this.#filters.length - 1]!;
    if (newest.count >= newest.capacity) {
      // Twice the size only while an older filter still holds kept ids: keys arrive faster than
      // one filter holds for the time they are kept. Otherwise the same size again, so a server
      // that runs for months does not double its filter every time one fills.
      const capacity = this.#filters.length > 1 ? newest.capacity * 2 : newest.capacity;
      newest = new BloomFilter(capacity);
      this.#filters.push(newest);
    }
    newest.add(key, at);
  }

  /**
   * Call once every key whose time is before `at` is gone from the table (a finished purge): drops
   * the filters that hold only such keys. The newest stays, to take the next keys.
   */
  forgetBefore(at: number): void {
    const newest = this.#filters[this.#filters.length - 1]!;
    const kept = this.#filters.filter((f) => f === newest || f.newestAt >= at);
    this.#filters.splice(0, this.#filters.length, ...kept);
  }

  /** Memory held by the filters' bits (tests, diagnostics). */
  get bytes(): number {
    return this.#filters.reduce((sum, f) => sum + f.bytes, 0);
  }

  /** False only for a key never added. */
  mightContain(key: string): boolean {
    for (const filter of this.#filters) if (filter.mightContain(key)) return true;
    return false;
  }
}
