interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface FailureThrottleOptions {
  /** Failures one client may have in a row before it is throttled. */
  burst?: number;
  /** Failures one client regains per minute. */
  perMinute?: number;
  /** Failures all clients together may have in a row: what cycling addresses cannot get around. */
  globalBurst?: number;
  globalPerMinute?: number;
  /** Clients remembered at once; the least recently seen is forgotten first. */
  maxKeys?: number;
}

/**
 * Token buckets for requests that failed (bad signature, wrong address, malformed body), keyed
 * by client (and source), plus one bucket shared by every client. A flood of forgeries drains its
 * bucket, or the shared one when it comes from ever new addresses (a forged X-Forwarded-For is
 * one more address), and is then answered 429 without being recorded or logged, so it cannot
 * fill the disk or the log. Verified deliveries never take from a bucket: they are never
 * throttled, however many arrive.
 */
export class FailureThrottle {
  private readonly buckets = new Map<string, Bucket>();
  private readonly global: Bucket;
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly globalCapacity: number;
  private readonly globalRefillPerMs: number;
  private readonly maxKeys: number;

  constructor(options: FailureThrottleOptions = {}) {
    this.capacity = options.burst ?? 20;
    this.refillPerMs = (options.perMinute ?? 30) / 60_000;
    this.globalCapacity = options.globalBurst ?? 100;
    this.globalRefillPerMs = (options.globalPerMinute ?? 60) / 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.global = { tokens: this.globalCapacity, updatedAt: 0 };
  }

  /** Takes one token for a failure under `key`; false means "throttled, drop it quietly". */
  take(key: string, now: number): boolean {
    const bucket = this.touch(key, now);
    refill(bucket, now, this.capacity, this.refillPerMs);
    refill(this.global, now, this.globalCapacity, this.globalRefillPerMs);
    if (bucket.tokens < 1 || this.global.tokens < 1) return false;
    bucket.tokens -= 1;
    this.global.tokens -= 1;
    return true;
  }

  /** Seconds until `key` may fail again (for Retry-After). */
  retryAfterSeconds(key: string): number {
    const bucket = this.buckets.get(key);
    const own = bucket ? secondsUntilOne(bucket, this.refillPerMs) : 0;
    return Math.max(1, own, secondsUntilOne(this.global, this.globalRefillPerMs));
  }

  /** The key's bucket, moved to the most recently used end; the least recently used is evicted when full. */
  private touch(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key);
    } else {
      if (this.buckets.size >= this.maxKeys) {
        const oldest = this.buckets.keys().next();
        if (!oldest.done) this.buckets.delete(oldest.value);
      }
      bucket = { tokens: this.capacity, updatedAt: now };
    }
    this.buckets.set(key, bucket);
    return bucket;
  }
}

function refill(bucket: Bucket, now: number, capacity: number, perMs: number): void {
  bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.updatedAt) * perMs);
  bucket.updatedAt = now;
}

function secondsUntilOne(bucket: Bucket, perMs: number): number {
  return bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / perMs / 1000);
}
