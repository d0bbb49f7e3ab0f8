// Pure decoders for the ways bash turns source text into bytes: $'…' strings, printf
// formats, echo -e, and the encoders an obfuscated payload is commonly wrapped in.

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v",
  "\\": "\\", "'": "'", '"': '"', "?": "?",
};

/** Decodes the body of a $'…' string (without the delimiters), as bash does. */
export function decodeAnsiC(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\" || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1]!;
    if (n in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[n];
      i++;
    } else if (n >= "0" && n <= "7") {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(m, 8) & 0xff);
      i += m.length;
    } else if (n === "x") {
      const m = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 2));
      if (m) {
        out += String.fromCharCode(parseInt(m[0], 16));
        i += 1 + m[0].length;
      } else {
        out += "\\x";
        i++;
      }
    } else if (n === "u" || n === "U") {
      const m = (n === "u" ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(body.slice(i + 2));
      if (m) {
        const cp = parseInt(m[0], 16);
        out += cp <= 0x10ffff ? String.fromCodePoint(cp) : "";
        i += 1 + m[0].length;
      } else {
        out += "\\" + n;
        i++;
      }
    } else if (n === "c" && i + 2 < body.length) {
      out += String.fromCharCode(body.charCodeAt(i + 2) & 0x1f);
      i += 2;
    } else {
      out += "\\" + n;
      i++;
    }
  }
  return out;
}

/** Backslash escapes as `echo -e` and printf's %b interpret them (\0nnn octal, \c stops output). */
export function decodeEchoEscapes(s: string): { text: string; stop: boolean } {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[i + 1]!;
    if (n === "c") return { text: out, stop: true };
    if (n === "0") {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 2))![0];
      out += String.fromCharCode(parseInt(m || "0", 8) & 0xff);
      i += 1 + m.length;
    } else if (n >= "1" && n <= "7") {
      const m = /^[0-7]{1,3}/.exec(s.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(m, 8) & 0xff);
      i += m.length;
    } else {
      const d = decodeAnsiC("\\" + n + s.slice(i + 2, i + 10));
      // decodeAnsiC consumed an unknown amount; redo precisely for x/u/U.
      if (n === "x" || n === "u" || n === "U") {
        const re = n === "x" ? /^[0-9a-fA-F]{1,2}/ : n === "u" ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/;
        const m = re.exec(s.slice(i + 2));
        if (m) {
          const cp = parseInt(m[0], 16);
          out += n === "x" ? String.fromCharCode(cp) : cp <= 0x10ffff ? String.fromCodePoint(cp) : "";
          i += 1 + m[0].length;
        } else {
          out += "\\" + n;
          i++;
        }
      } else if (n in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[n];
        i++;
      } else {
        out += d.slice(0, 2);
        i++;
      }
    }
  }
  return { text: out, stop: false };
}

/** printf FORMAT ARGS… as bash's builtin prints it (the subset that matters: %s %b %c %d %x %o %%). */
export function printfFormat(format: string, args: string[]): string {
  let out = "";
  let argi = 0;
  // bash reuses the format while arguments remain (at least once).
  do {
    const start = argi;
    const esc = decodeEchoEscapes(format.replace(/%%/g, "\u0000PCT\u0000"));
    const fmt = esc.text;
    let consumed = false;
    out += fmt.replace(/%([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?([sbcdiouxXeEfgGq])/g, (_m, _flags, _w, _p, conv: string) => {
      const a = args[argi++] ?? "";
      consumed = true;
      switch (conv) {
        case "s": case "q": return a;
        case "b": return decodeEchoEscapes(a).text;
        case "c": return a.slice(0, 1);
        case "d": case "i": return String(parseInt(a, 10) || 0);
        case "o": return (parseInt(a, 10) || 0).toString(8);
        case "u": return String(parseInt(a, 10) || 0);
        case "x": return (parseInt(a, 10) || 0).toString(16);
        case "X": return (parseInt(a, 10) || 0).toString(16).toUpperCase();
        default: return a;
      }
    }).replace(/\u0000PCT\u0000/g, "%");
    if (esc.stop || !consumed || argi === start) break;
  } while (argi < args.length);
  return out;
}

export function base64Decode(s: string): string | undefined {
  const clean = s.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/=_-]*$/.test(clean)) return undefined;
  return Buffer.from(clean.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("latin1");
}

export function base32Decode(s: string): string | undefined {
  const clean = s.replace(/\s+/g, "").replace(/=+$/, "").toUpperCase();
  const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const ch of clean) {
    const idx = alpha.indexOf(ch);
    if (idx < 0) return undefined;
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out += String.fromCharCode((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

export function hexDecode(s: string): string | undefined {
  const clean = s.replace(/\s+/g, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) return undefined;
  return Buffer.from(clean, "hex").toString("latin1");
}

export function rot13(s: string): string {
  return s.replace(/[a-zA-Z]/g, (c) => {
    const b = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - b + 13) % 26) + b);
  });
}
