/** How many of something each client address holds at once, with a ceiling per address. */
export class PerClient {
  private readonly counts = new Map<string, number>();
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  /** Takes one for `address`; false when it already holds the most it may. */
  take(address: string): boolean {
    const held = this.counts.get(address) ?? 0;
    if (held >= this.max) return false;
    this.counts.set(address, held + 1);
    return true;
  }

  release(address: string): void {
    const held = (this.counts.get(address) ?? 1) - 1;
    if (held > 0) this.counts.set(address, held);
    else this.counts.delete(address);
  }
}
