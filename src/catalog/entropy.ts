// Shannon entropy in bits per character (UTF-16 code unit), measured on a secret candidate.
// Random base62 tokens sit near 5.0–5.9, hex near 3.7–4.0, English words and identifiers
// below 3.5, a run of one character at 0.

export function shannonEntropy(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}
