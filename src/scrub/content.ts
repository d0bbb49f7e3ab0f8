// Content scanning of one file, in bytes. Text is decoded as latin1 — one character per byte —
// so offsets are byte offsets, nothing is lost on invalid UTF-8, and redaction rewrites the
// bytes around a secret exactly as they were. Token formats are ASCII, so they match the same
// either way; columns are reported in UTF-8 characters.
//
// A file is read in chunks of CHUNK bytes; consecutive windows overlap by MAX_SECRET_SPAN so a
// secret that straddles a chunk boundary is seen whole in one window (no rule can match more).
// A small file is one window. A file with a NUL in its first block is binary: not scanned —
// unless it is UTF-16 text (a byte-order mark, or a NUL in every other byte of mostly ASCII, as
// Windows tools write), which is decoded whole (up to UTF16_MAX) and scanned as text; its
// secrets are redacted with markers in the same encoding.

import { closeSync, fchmodSync, openSync, readSync, writeSync } from "node:fs";
import { MAX_SECRET_SPAN, findSecrets, redactionMarker, type SecretHit, type SecretRuleSet } from "../catalog/secrets.js";

/** Bytes read per window (besides the overlap). */
export const CHUNK = 8 * 1024 * 1024;
/** Bytes looked at for a NUL (git's heuristic uses the first 8000). */
export const BINARY_PROBE = 8000;

/** A secret in a file: a SecretHit whose offsets are byte offsets in the file (its `secret` is the latin1-decoded bytes — NEVER print it), and where it ends. */
export interface ByteHit extends SecretHit {
  /** last line of the secret, and the column just after it (UTF-8 characters) */
  endLine: number;
  endColumn: number;
}

export interface ContentScan {
  binary: boolean;
  hits: ByteHit[];
  /** bytes read */
  bytes: number;
  /** set for UTF-16 text (hits' offsets are still byte offsets) */
  encoding?: Utf16;
}

export type Utf16 = "utf-16le" | "utf-16be";
/** The largest UTF-16 file decoded and scanned; a larger one stays binary (checked by name). */
export const UTF16_MAX = 64 * 1024 * 1024;

/** UTF-16 by its byte-order mark, or by a NUL in (nearly) every other byte of the probe. */
export function utf16Of(probe: Uint8Array): Utf16 | undefined {
  if (probe.length >= 2 && probe[0] === 0xff && probe[1] === 0xfe) return "utf-16le";
  if (probe.length >= 2 && probe[0] === 0xfe && probe[1] === 0xff) return "utf-16be";
  const pairs = Math.floor(probe.length / 2);
  if (pairs < 8) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < probe.length; i += 2) {
    if (probe[i] === 0) evenNul++;
    if (probe[i + 1] === 0) oddNul++;
  }
  if (oddNul >= pairs * 0.9 && evenNul <= pairs * 0.02) return "utf-16le";
  if (evenNul >= pairs * 0.9 && oddNul <= pairs * 0.02) return "utf-16be";
  return undefined;
}

/** Scan a UTF-16 file whole: decode, find, and give byte offsets and lines of each hit. */
function scanUtf16(read: Reader, first: Buffer, encoding: Utf16, rules: SecretRuleSet | undefined, buf: Buffer): ContentScan | undefined {
  const parts = [Buffer.from(first)];
  let total = first.length;
  for (let n = first.length; n === CHUNK; ) {
    n = read(buf, CHUNK, total);
    total += n;
    if (total > UTF16_MAX) return undefined;
    parts.push(Buffer.from(buf.subarray(0, n)));
  }
  let data = Buffer.concat(parts, total);
  const bom = (encoding === "utf-16le" && data[0] === 0xff && data[1] === 0xfe) || (encoding === "utf-16be" && data[0] === 0xfe && data[1] === 0xff) ? 2 : 0;
  data = data.subarray(0, data.length - (data.length % 2));
  if (encoding === "utf-16be") data = Buffer.from(data).swap16();
  const text = data.toString("utf16le", bom);
  const hits: ByteHit[] = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  const position = (at: number): { line: number; column: number } => {
    for (let nl = text.indexOf("\n", scanned); nl !== -1 && nl < at; nl = text.indexOf("\n", nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    scanned = Math.max(scanned, at);
    return { line, column: [...text.slice(lineStart, at)].length + 1 };
  };
  for (const h of findSecrets(text, rules)) {
    const at = position(h.start);
    const endLines = (h.secret.match(/\n/g) ?? []).length;
    const endColumn = endLines === 0 ? at.column + [...h.secret].length : [...h.secret.slice(h.secret.lastIndexOf("\n") + 1)].length + 1;
    hits.push({ ...h, start: bom + 2 * h.start, end: bom + 2 * h.end, line: at.line, column: at.column, endLine: at.line + endLines, endColumn });
  }
  return { binary: false, hits, bytes: total, encoding };
}

/** Reads up to `length` bytes at `position` into `buf` from offset 0; 0 at the end. */
export type Reader = (buf: Buffer, length: number, position: number) => number;

/** Scan the open file `fd` (from offset 0). `buf` is a reusable read buffer of at least CHUNK bytes. */
export function scanFd(fd: number, rules: SecretRuleSet | undefined, buf: Buffer): ContentScan {
  return scanContent((b, length, position) => readFull(fd, b, 0, length, position), rules, buf);
}

/** Scan bytes already in memory (a git blob). */
export function scanBuffer(data: Buffer, rules: SecretRuleSet | undefined, buf: Buffer): ContentScan {
  return scanContent((b, length, position) => (position >= data.length ? 0 : data.copy(b, 0, position, Math.min(data.length, position + length))), rules, buf);
}

export function scanContent(read: Reader, rules: SecretRuleSet | undefined, buf: Buffer): ContentScan {
  let n = read(buf, CHUNK, 0);
  if (n === 0) return { binary: false, hits: [], bytes: 0 };
  const probe = buf.subarray(0, Math.min(n, BINARY_PROBE));
  if (probe.includes(0)) {
    const utf16 = utf16Of(probe);
    return (utf16 && scanUtf16(read, buf.subarray(0, n), utf16, rules, buf)) || { binary: true, hits: [], bytes: n };
  }
  const hits: ByteHit[] = [];
  let bytes = n;
  // Each window after the first starts MAX_SECRET_SPAN before the point where the previous one
  // stopped accepting hits (`cut`): a match may begin well before its secret group (the
  // `password = "` before a quoted password), so that text must be in the window again.
  // Hits starting before `cut` were taken from the previous window and are skipped.
  let carry = "";
  let base = 0; // file offset of the window's first byte
  let line = 1; // line number at `base`
  let lineChars = 0; // UTF-8 characters between the start of that line and `base`
  let accepted = 0; // file offset from which hits are new
  let pos = CHUNK; // file offset of the next read
  for (;;) {
    const last = n < CHUNK;
    const text = carry + buf.toString("latin1", 0, n);
    const found = findSecrets(text, rules, carry.length === 0 ? buf.subarray(0, n) : undefined);
    const limit = last ? text.length : text.length - MAX_SECRET_SPAN;
    let cut = limit;
    const cursor = new LineCursor(text, line, lineChars);
    for (const h of found) {
      if (h.start >= limit) break;
      if (base + h.start < accepted) continue;
      cut = Math.max(cut, h.end);
      const at = cursor.seek(h.start);
      const after = cursor.peek(h.end);
      hits.push({
        rule: h.rule,
        description: h.description,
        start: base + h.start,
        end: base + h.end,
        line: at.line,
        column: at.column,
        endLine: after.line,
        endColumn: after.column,
        lines: h.lines,
        secret: h.secret,
      });
    }
    if (last) break;
    n = read(buf, CHUNK, pos);
    pos += n;
    bytes += n;
    const from = Math.max(0, Math.min(cut, text.length) - MAX_SECRET_SPAN);
    const moved = new LineCursor(text, line, lineChars).peek(from);
    line = moved.line;
    lineChars = moved.column - 1;
    accepted = base + cut;
    carry = text.slice(from);
    base += from;
    if (n === 0) {
      // the file ended exactly at a chunk boundary: the carried tail is the last window
      if (base + carry.length <= accepted) break;
      for (const h of findSecrets(carry, rules)) {
        if (base + h.start < accepted) continue;
        const c = new LineCursor(carry, line, lineChars);
        const at = c.seek(h.start);
        const after = c.peek(h.end);
        hits.push({ rule: h.rule, description: h.description, start: base + h.start, end: base + h.end, line: at.line, column: at.column, endLine: after.line, endColumn: after.column, lines: h.lines, secret: h.secret });
      }
      break;
    }
  }
  return { binary: false, hits, bytes };
}

/**
 * Write the file at `fd` to `out` (a new file, created with `mode`) with every hit's bytes
 * replaced by a marker naming its rule followed by the line breaks the secret spanned, so
 * line numbers are unchanged; in UTF-16 for a UTF-16 file. Streams in CHUNK-sized pieces.
 */
export function writeRedacted(fd: number, outPath: string, hits: readonly ByteHit[], mode: number, buf: Buffer, encoding?: Utf16): void {
  const out = openSync(outPath, "wx", 0o600);
  try {
    let pos = 0;
    for (const h of hits) {
      copyRange(fd, out, pos, h.start, buf);
      const breaks = h.secret.match(/\r\n|\n|\r/g);
      const text = redactionMarker(h.rule) + (breaks ? breaks.join("") : "");
      const marker = encoding === undefined ? Buffer.from(text, "latin1") : encoding === "utf-16le" ? Buffer.from(text, "utf16le") : Buffer.from(text, "utf16le").swap16();
      writeSync(out, marker);
      pos = h.end;
    }
    copyRange(fd, out, pos, Number.POSITIVE_INFINITY, buf);
    fchmodSync(out, mode);
  } finally {
    closeSync(out);
  }
}

function copyRange(from: number, to: number, start: number, end: number, buf: Buffer): void {
  let pos = start;
  while (pos < end) {
    const want = Math.min(buf.length, end - pos);
    const n = readSync(from, buf, 0, want, pos);
    if (n === 0) break;
    let off = 0;
    while (off < n) off += writeSync(to, buf, off, n - off);
    pos += n;
  }
}

function readFull(fd: number, buf: Buffer, offset: number, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, offset + got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** Line and UTF-8 column of offsets in a latin1 text, moving forward only. */
class LineCursor {
  private pos = 0;
  private line: number;
  private chars: number; // UTF-8 characters from the line start to pos

  constructor(
    private readonly text: string,
    line: number,
    charsBefore: number,
  ) {
    this.line = line;
    this.chars = charsBefore;
  }

  /** Move to `to` (≥ the current position) and return its line and column. */
  seek(to: number): { line: number; column: number } {
    const r = this.peek(to);
    this.pos = Math.max(this.pos, to);
    this.line = r.line;
    this.chars = r.column - 1;
    return r;
  }

  peek(to: number): { line: number; column: number } {
    const { text } = this;
    let line = this.line;
    let chars = this.chars;
    let from = this.pos;
    if (to < from) return { line, column: chars + 1 }; // not expected: hits are sorted
    for (let nl = text.indexOf("\n", from); nl !== -1 && nl < to; nl = text.indexOf("\n", nl + 1)) {
      line++;
      chars = 0;
      from = nl + 1;
    }
    chars += utf8Chars(text, from, to);
    return { line, column: chars + 1 };
  }
}

/** Characters of UTF-8 text in latin1 bytes [from, to): every byte but continuation bytes. */
function utf8Chars(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || c >= 0xc0) n++;
  }
  return n;
}
