// A Bloom filter of processed message ids: answers "certainly never handled" without a database read.
//
// Why: every WeChat message first asks whether it was handled before (a retry), and almost never
// was; that lookup was one of the largest reads left on the request path. A false "maybe" only costs
// the read that used to happen anyway; a key is never reported absent once added. When the filter
// fills up, a larger one is added beside it, so the false-positive rate stays near 1 %.

const BITS_PER_KEY = 10; // about 1 % false positives with 7 hashes
const HASHES = 7;

class BloomFilter {
  readonly #bits: Uint32Array;
  readonly #size: number;
  count = 0;

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

  add(key: string): void {
    this.#positions(key, (bit) => {
      this.#bits[bit >>> 5]! |= 1 << (bit & 31);
      return true;
    });
    this.count += 1;
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

  add(key: string): void {
    let newest = this.#filters[this.#filters.length - 1]!;
    if (newest.count >= newest.capacity) {
      newest = new BloomFilter(newest.capacity * 2);
      this.#filters.push(newest);
    }
    newest.add(key);
  }

  /** False only for a key never added. */
  mightContain(key: string): boolean {
    for (const filter of this.#filters) if (filter.mightContain(key)) return true;
    return false;
  }
}
