/**
 * `JSON.stringify(value, null, 2)` in parts: the same text, handed out piece by piece, so a large
 * report never exists as one string (a 5 MB report as one string is 5 MB of fresh memory). The
 * containers near the root (the report, its runs, each run) are walked here member by member; the
 * lists inside a run (findings, checks, notifications) go out in batches of items, each batch one
 * `JSON.stringify` call; anything deeper is part of its batch. One call per batch rather than per
 * item keeps the stringifier's own per-call work (and its cache of keys already written) shared by
 * many items.
 */

/** Depth of the lists that go out in batches (report > runs > run > findings). */
const BATCH_DEPTH = 3;
/** Items per batch: a few tens of KB of text for findings. */
const BATCH = 64;

type Emit = (text: string) => void;

/** What `JSON.stringify` does to a member before writing it: `toJSON`, then dropping what JSON has no form for. */
function jsonValue(key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  return value;
}

function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** `new Number(1)` and the like: JSON writes their primitive value. */
function isBoxed(value: object): boolean {
  return value instanceof Number || value instanceof String || value instanceof Boolean;
}

/** `JSON.stringify(value, null, 2)` of a value nested in `depth` arrays, and where the value's own text starts and ends in it. */
function nested(value: unknown, depth: number): { text: string; start: number; end: number } {
  let wrapped: unknown = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Each wrapping array opens with `[`, a line break and the next level's indentation, and closes
  // with a line break, its own indentation and `]`.
  let head = 0;
  let tail = 0;
  for (let i = 0; i < depth; i++) {
    head += 2 + 2 * (i + 1);
    tail += 2 + 2 * i;
  }
  return { text, start: head, end: text.length - tail };
}

/**
 * A value as it reads `depth` levels down: stringified inside `depth` arrays, which indents it as
 * the whole text would, then cut out of them (a slice, no copy; re-indenting it line by line would
 * copy it twice more).
 */
function whole(value: unknown, depth: number, emit: Emit): void {
  const { text, start, end } = nested(value, depth);
  emit(depth === 0 ? text : text.slice(start, end));
}

/** The items of a non-empty list `depth` levels down, `BATCH` at a time: each batch is stringified as a list and its inside cut out. */
function batches(list: readonly unknown[], depth: number, emit: Emit): void {
  const inner = `\n${' '.repeat(2 * (depth + 1))}`;
  for (let i = 0; i < list.length; i += BATCH) {
    const { text, start, end } = nested(list.slice(i, i + BATCH), depth);
    // The batch reads `[` + inner + items + line break + indentation + `]`; the items are what continues the list.
    emit(i === 0 ? `[${inner}` : `,${inner}`);
    emit(text.slice(start + inner.length + 1, end - (depth * 2 + 2)));
  }
  emit(`\n${' '.repeat(2 * depth)}]`);
}

function walk(value: unknown, depth: number, emit: Emit): void {
  if (value === null || typeof value !== 'object' || depth > BATCH_DEPTH || isBoxed(value)) {
    whole(value, depth, emit);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) emit('[]');
    else if (depth === BATCH_DEPTH) batches(value, depth, emit);
    else {
      const inner = `\n${' '.repeat(2 * (depth + 1))}`;
      for (let i = 0; i < value.length; i++) {
        emit(i === 0 ? `[${inner}` : `,${inner}`);
        const v = jsonValue(String(i), value[i]);
        if (omitted(v)) emit('null');
        else walk(v, depth + 1, emit);
      }
      emit(`\n${' '.repeat(2 * depth)}]`);
    }
    return;
  }
  const obj = value as Record<string, unknown>;
  const inner = `\n${' '.repeat(2 * (depth + 1))}`;
  let first = true;
  for (const key of Object.keys(obj)) {
    const v = jsonValue(key, obj[key]);
    if (omitted(v)) continue;
    emit(`${first ? '{' : ','}${inner}${JSON.stringify(key)}: `);
    first = false;
    walk(v, depth + 1, emit);
  }
  emit(first ? '{}' : `\n${' '.repeat(2 * depth)}}`);
}

/**
 * Emit the text of `JSON.stringify(value, null, 2)` in parts (their concatenation is exactly that
 * text) for JSON data as reports are: objects, arrays and scalars, with members JSON has no form
 * for dropped (or `null` in lists) and `toJSON` honoured. Two differences no report has: an item of
 * a batched list gets its index within the batch as `toJSON`'s key, and a `toJSON` whose result has
 * a `toJSON` of its own is not supported.
 */
export function stringifyParts(value: unknown, emit: Emit): void {
  const v = jsonValue('', value);
  if (omitted(v)) throw new TypeError('stringifyParts: nothing to write (the value has no JSON form)');
  walk(v, 0, emit);
}
