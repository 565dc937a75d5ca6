/** Sorted copy of timing samples, in nanoseconds. */
function sorted(samples: readonly bigint[]): bigint[] {
  return [...samples].sort((a, b) => {
    if (a === b) return 0;
    return a < b ? -1 : 1;
  });
}

/**
 * Returns the q-quantile (0..1) of the samples by the nearest-rank method,
 * so p95 of 100 samples is the 95th smallest.
 */
export function quantile(samples: readonly bigint[], q: number): bigint {
  if (samples.length === 0) throw new Error('quantile of an empty sample set');
  const ordered = sorted(samples);
  const rank = Math.max(1, Math.ceil(q * ordered.length));
  return ordered[rank - 1]!;
}

/** Runs `action` once and returns its wall time in nanoseconds. */
export function timeOnce(action: () => void): bigint {
  const start = process.hrtime.bigint();
  action();
  return process.hrtime.bigint() - start;
}

/** Formats nanoseconds as milliseconds with about three significant digits. */
export function formatMs(nanoseconds: bigint): string {
  const ms = Number(nanoseconds) / 1e6;
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

/** Formats a ratio such as 0.0123 as "1/81 (0.012)". */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return String(ratio);
  const inverse = 1 / ratio;
  const fraction =
    inverse >= 1 ? `1/${inverse.toFixed(inverse >= 10 ? 0 : 1)}` : `${ratio.toFixed(1)}x`;
  return `${fraction} (${ratio.toPrecision(2)})`;
}

/** Formats a byte count in MiB. */
export function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** Formats a whole count with thousands separators. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
