/**
 * Token buckets for requests that failed (bad signature, wrong content, malformed body), keyed
 * by client and source. A flood of forgeries drains its bucket and is then answered 429 without
 * being recorded or logged, so it cannot fill the disk or the log. Verified deliveries never
 * take from a bucket: they are never throttled.
 */
export class FailureThrottle {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly maxKeys: number;

  constructor(options: { burst?: number; perMinute?: number; maxKeys?: number } = {}) {
    this.capacity = options.burst ?? 20;
    this.refillPerMs = (options.perMinute ?? 30) / 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Takes one token for a failure under `key`; false means "throttled, drop it quietly". */
  take(key: string, now: number): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.evictOldest();
      bucket = { tokens: this.capacity, updatedAt: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Seconds until `key` may fail again (for Retry-After). */
  retryAfterSeconds(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
  }

  private evictOldest(): void {
    const first = this.buckets.keys().next();
    if (!first.done) this.buckets.delete(first.value);
  }
}
