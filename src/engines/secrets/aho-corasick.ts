// A keyword automaton over ASCII, case-insensitive, compiled to a dense transition table so the
// scan loop is one table read per character. Characters that occur in no keyword share one class,
// which keeps rows short (64 columns for the built-in rules) and the table in cache. States that
// end a keyword are stored negated; their rule ids come from the output lists (failure links
// included, so every keyword ending at a state is reported).

export class KeywordMatcher {
  private readonly delta: Int32Array;
  private readonly classOf: Uint8Array;
  private readonly shift: number;
  /** For state s, rule ids are outList[outStart[s] .. outStart[s+1]). */
  private readonly outStart: Int32Array;
  private readonly outList: Int32Array;
  readonly stateCount: number;

  /** `keywords[i]` are the keywords of rule i. Keywords are matched case-insensitively; non-ASCII characters never match. */
  constructor(keywords: readonly (readonly string[])[]) {
    const lowered = keywords.map((kws) => kws.map((k) => k.toLowerCase()).filter((k) => [...k].every((ch) => ch.charCodeAt(0) < 128)));
    const chars = new Set<number>();
    for (const kws of lowered) for (const k of kws) for (let i = 0; i < k.length; i++) chars.add(k.charCodeAt(i));
    const classOf = new Uint8Array(128);
    let classes = 1;
    for (const c of [...chars].sort((a, b) => a - b)) classOf[c] = classes++;
    for (let c = 65; c <= 90; c++) if (classOf[c + 32]) classOf[c] = classOf[c + 32]!;
    const shift = classes <= 64 ? 6 : 7;
    const width = 1 << shift;
    if (shift === 7) for (let c = 0; c < 128; c++) classOf[c] = c >= 65 && c <= 90 ? c + 32 : c;

    const children: Map<number, number>[] = [new Map()];
    const outs: Set<number>[] = [new Set()];
    lowered.forEach((kws, rule) => {
      for (const kw of kws) {
        let s = 0;
        for (let i = 0; i < kw.length; i++) {
          const c = classOf[kw.charCodeAt(i)]!;
          let next = children[s]!.get(c);
          if (next === undefined) {
            next = children.length;
            children.push(new Map());
            outs.push(new Set());
            children[s]!.set(c, next);
          }
          s = next;
        }
        if (s !== 0) outs[s]!.add(rule);
      }
    });
    const n = children.length;
    const delta = new Int32Array(n * width);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 1; c < width; c++) {
      const t = children[0]!.get(c);
      if (t !== undefined) {
        delta[c] = t;
        queue.push(t);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      for (const r of outs[fail[s]!]!) outs[s]!.add(r);
      for (let c = 1; c < width; c++) {
        const t = children[s]!.get(c);
        if (t !== undefined) {
          fail[t] = delta[fail[s]! * width + c]!;
          delta[s * width + c] = t;
          queue.push(t);
        } else {
          delta[s * width + c] = delta[fail[s]! * width + c]!;
        }
      }
    }
    const hasOut = outs.map((o) => o.size > 0);
    for (let i = 0; i < delta.length; i++) if (hasOut[delta[i]!]) delta[i] = ~delta[i]!;
    const outStart = new Int32Array(n + 1);
    const list: number[] = [];
    for (let s = 0; s < n; s++) {
      outStart[s] = list.length;
      for (const r of [...outs[s]!].sort((a, b) => a - b)) list.push(r);
    }
    outStart[n] = list.length;
    this.delta = delta;
    this.classOf = classOf;
    this.shift = shift;
    this.outStart = outStart;
    this.outList = Int32Array.from(list);
    this.stateCount = n;
  }

  /**
   * Call `onHit(ruleId, endIndex)` for every keyword occurrence in `text` (endIndex is the index of
   * the keyword's last character), except for rules whose `skipUntil` entry is beyond it.
   */
  scan(text: string, onHit: (rule: number, end: number) => void, skipUntil?: Int32Array): void {
    const delta = this.delta;
    const classOf = this.classOf;
    const shift = this.shift;
    const outStart = this.outStart;
    const outList = this.outList;
    let s = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128) {
        s = 0;
        continue;
      }
      s = delta[(s << shift) | classOf[c]!]!;
      if (s < 0) {
        s = ~s;
        const b = outStart[s + 1]!;
        for (let k = outStart[s]!; k < b; k++) {
          const r = outList[k]!;
          if (skipUntil === undefined || i >= skipUntil[r]!) onHit(r, i);
        }
      }
    }
  }
}
