import { createHash } from 'node:crypto';

/**
 * A seeded pseudo-random generator (mulberry32): the simulator's traffic is repeatable for a seed,
 * so a load run or a failing test can be replayed exactly.
 */
export class RandomSource {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/**
 * A share in [0, 1) fixed by `seed` and `key` (a SHA-256 of both): a decision that must come out the
 * same when the same record is processed again — after a redelivery, or by a restarted simulator.
 */
export function stableShare(seed: number, key: string): number {
  return createHash('sha256').update(`${seed}|${key}`).digest().readUInt32BE(0) / 4294967296;
}
