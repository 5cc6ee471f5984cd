// A keyword automaton over ASCII, case-insensitive, compiled to a dense transition table so the
// scan loop is one array read per character. Output sets are the ids of the rules whose keyword
// ends at a state (following failure links, so every keyword ending there is included).

const WIDTH = 128;

export class KeywordMatcher {
  private readonly delta: Int32Array;
  /** For state s, rule ids are outList[outStart[s] .. outStart[s+1]). */
  private readonly outStart: Int32Array;
  private readonly outList: Int32Array;
  readonly stateCount: number;

  /** `keywords[i]` are the keywords of rule i. Keywords are matched case-insensitively; non-ASCII characters never match. */
  constructor(keywords: readonly (readonly string[])[]) {
    const children: Map<number, number>[] = [new Map()];
    const outs: Set<number>[] = [new Set()];
    keywords.forEach((kws, rule) => {
      for (const kw of kws) {
        let s = 0;
        for (const ch of kw.toLowerCase()) {
          const c = ch.charCodeAt(0);
          if (c >= WIDTH) break;
          let next = children[s]!.get(c);
          if (next === undefined) {
            next = children.length;
            children.push(new Map());
            outs.push(new Set());
            children[s]!.set(c, next);
          }
          s = next;
        }
        outs[s]!.add(rule);
      }
    });
    const n = children.length;
    const delta = new Int32Array(n * WIDTH);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 0; c < WIDTH; c++) {
      const t = children[0]!.get(c);
      if (t !== undefined) {
        delta[c] = t;
        fail[t] = 0;
        queue.push(t);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      for (const r of outs[fail[s]!]!) outs[s]!.add(r);
      for (let c = 0; c < WIDTH; c++) {
        const t = children[s]!.get(c);
        if (t !== undefined) {
          fail[t] = delta[fail[s]! * WIDTH + c]!;
          delta[s * WIDTH + c] = t;
          queue.push(t);
        } else {
          delta[s * WIDTH + c] = delta[fail[s]! * WIDTH + c]!;
        }
      }
    }
    // Fold upper case onto lower case.
    for (let s = 0; s < n; s++) {
      for (let c = 65; c <= 90; c++) delta[s * WIDTH + c] = delta[s * WIDTH + c + 32]!;
    }
    const outStart = new Int32Array(n + 1);
    const list: number[] = [];
    for (let s = 0; s < n; s++) {
      outStart[s] = list.length;
      for (const r of [...outs[s]!].sort((a, b) => a - b)) list.push(r);
    }
    outStart[n] = list.length;
    this.delta = delta;
    this.outStart = outStart;
    this.outList = Int32Array.from(list);
    this.stateCount = n;
  }

  /**
   * Call `onHit(ruleId, endIndex)` for every keyword occurrence in `text` (endIndex is the index of
   * the keyword's last character).
   */
  scan(text: string, onHit: (rule: number, end: number) => void): void {
    const delta = this.delta;
    const outStart = this.outStart;
    const outList = this.outList;
    let s = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      s = c < WIDTH ? delta[(s << 7) | c]! : 0;
      const a = outStart[s]!;
      const b = outStart[s + 1]!;
      if (a !== b) for (let k = a; k < b; k++) onHit(outList[k]!, i);
    }
  }
}
