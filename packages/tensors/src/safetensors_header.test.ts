import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DTYPE_BITS, DTYPES } from './dtype.ts';
import { MAX_HEADER_BYTES, parseSafetensorsHeader, readHeaderLength, type SafetensorsHeader } from './safetensors_header.ts';
import { SafetensorsError, type SafetensorsErrorCode } from './safetensors_error.ts';
import { encodeSafetensors, type Tensor } from './safetensors_writer.ts';

// Files are assembled by hand here — length prefix, JSON text, data — independently of the writer.

function u64le(n: number): number[] {
  return [n % 256, (n >>> 8) % 256, (n >>> 16) % 256, (n >>> 24) % 256, Math.floor(n / 2 ** 32) % 256, 0, 0, 0];
}

function file(json: string, data: readonly number[] = [], padTo8 = true): Uint8Array {
  const text = padTo8 ? json.padEnd(Math.ceil(json.length / 8) * 8, ' ') : json;
  const header = new TextEncoder().encode(text);
  return new Uint8Array([...u64le(header.length), ...header, ...data]);
}

function parse(bytes: Uint8Array): SafetensorsHeader {
  const length = readHeaderLength(bytes.subarray(0, 8), bytes.length, 'x.safetensors');
  return parseSafetensorsHeader(bytes.subarray(8, 8 + length), bytes.length, 'x.safetensors');
}

function rejects(bytes: Uint8Array, code: SafetensorsErrorCode, tensor?: string): void {
  assert.throws(() => parse(bytes), (error: unknown) => {
    assert.ok(error instanceof SafetensorsError, `expected a SafetensorsError, got ${String(error)}`);
    assert.equal(error.name, 'SafetensorsError');
    assert.equal(error.code, code, error.message);
    assert.match(error.message, /x\.safetensors/);
    if (tensor !== undefined) {
      assert.equal(error.tensor, tensor);
      assert.ok(error.message.includes(tensor), error.message);
    }
    return true;
  });
}

test('reads a one-tensor F32 file with a space-padded header', () => {
  const json = '{"test":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}';
  const bytes = file(json, Array.from({ length: 16 }, (_, i) => i));
  assert.equal(json.length, 60, 'the JSON is padded to 64 bytes with 4 spaces');
  const header = parse(bytes);
  assert.equal(header.dataOffset, 72);
  assert.deepEqual(header.tensors, [{ name: 'test', dtype: 'F32', shape: [2, 2], offset: 72, byteLength: 16 }]);
  assert.deepEqual({ ...header.metadata }, {});
});

test('reads __metadata__ strings, null metadata, and a header without padding', () => {
  const withMetadata = parse(file('{"__metadata__":{"format":"pt","__proto__":"kept"},"a":{"dtype":"U8","shape":[3],"data_offsets":[0,3]}}', [1, 2, 3], false));
  assert.equal(withMetadata.metadata['format'], 'pt');
  assert.ok(Object.hasOwn(withMetadata.metadata, '__proto__'), 'a __proto__ key is an ordinary entry');
  assert.equal(withMetadata.tensors[0]!.byteLength, 3);
  assert.deepEqual({ ...parse(file('{"__metadata__":null}')).metadata }, {});
});

test('reads empty and scalar tensors, and tensors listed out of offset order', () => {
  const header = parse(file(
    '{"z":{"dtype":"I32","shape":[],"data_offsets":[4,8]},"e":{"dtype":"BF16","shape":[2,0],"data_offsets":[0,0]},"s":{"dtype":"I32","shape":[1],"data_offsets":[0,4]},"end":{"dtype":"F16","shape":[0],"data_offsets":[8,8]}}',
    [1, 0, 0, 0, 2, 0, 0, 0],
  ));
  assert.deepEqual(header.tensors.map((t) => [t.name, t.offset - header.dataOffset, t.byteLength]), [['e', 0, 0], ['s', 0, 4], ['z', 4, 4], ['end', 8, 0]]);
  assert.deepEqual(header.tensors.find((t) => t.name === 'z')!.shape, []);
});

test('reads every dtype with its element width, sub-byte types packed', () => {
  let offset = 0;
  const entries = DTYPES.map((dtype) => {
    const bytes = (8 * DTYPE_BITS[dtype]) / 8;
    const entry = `"t_${dtype}":{"dtype":"${dtype}","shape":[2,4],"data_offsets":[${offset},${offset + bytes}]}`;
    offset += bytes;
    return entry;
  });
  const header = parse(file(`{${entries.join(',')}}`, new Array<number>(offset).fill(7)));
  assert.equal(header.tensors.length, DTYPES.length);
  for (const tensor of header.tensors) assert.equal(tensor.byteLength, DTYPE_BITS[tensor.dtype], tensor.name);
});

test('an empty file of tensors is valid', () => {
  assert.deepEqual(parse(file('{}')).tensors, []);
});

test('refuses files too small, headers too large or past the end, before reading them', () => {
  rejects(new Uint8Array(5), 'file-too-small');
  rejects(new Uint8Array([...u64le(MAX_HEADER_BYTES + 1), ...new Array<number>(16).fill(32)]), 'header-too-large');
  rejects(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1, 123]), 'header-too-large');
  rejects(new Uint8Array([...u64le(64), ...new TextEncoder().encode('{}')]), 'header-past-end');
});

test('refuses headers that are not UTF-8 JSON objects', () => {
  const bad = file('{"a":1}');
  bad[10] = 0xff;
  rejects(bad, 'header-not-utf8');
  rejects(file('{"a":'), 'header-not-json');
  rejects(file('[1, 2]'), 'header-not-json');
  rejects(file('  "x"'), 'header-not-json');
  rejects(file(''), 'header-not-json');
});

// Each case below was run through safetensors 0.8.0's `safe_open` (Python), which accepted or
// refused it as asserted here.
const ONE = '"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';

test('like safetensors 0.8.0: JSON whitespace may surround the header object, nothing else may', () => {
  for (const lead of [' ', '  ', '\n', '\t', '\r', ' \r\n\t ']) {
    assert.deepEqual(parse(file(`${lead}{${ONE}}`, [0, 0, 0, 0])).tensors.map((t) => t.name), ['a'], JSON.stringify(lead));
  }
  assert.deepEqual({ ...parse(file('   {"__metadata__":{"k":"v"}}')).metadata }, { k: 'v' });
  assert.equal(parse(file(`{${ONE}}\n`, [0, 0, 0, 0], false)).tensors.length, 1);
  for (const lead of ['\ufeff', '\u000b', '\u000c', '\u00a0', 'x']) rejects(file(`${lead}{${ONE}}`, [0, 0, 0, 0]), 'header-not-json');
  rejects(file(`{${ONE}}\u0000`, [0, 0, 0, 0], false), 'header-not-json');
});

test('like safetensors 0.8.0: the FNUZ float8 types are defined, one byte each', () => {
  const header = parse(file('{"q":{"dtype":"F8_E4M3FNUZ","shape":[2],"data_offsets":[0,2]},"k":{"dtype":"F8_E5M2FNUZ","shape":[3],"data_offsets":[2,5]}}', [1, 2, 3, 4, 5]));
  assert.deepEqual(header.tensors.map((t) => [t.name, t.dtype, t.byteLength]), [['q', 'F8_E4M3FNUZ', 2], ['k', 'F8_E5M2FNUZ', 3]]);
  rejects(file('{"q":{"dtype":"F8_E4M3FN","shape":[2],"data_offsets":[0,2]}}', [1, 2]), 'unknown-dtype', 'q');
});

test('like safetensors 0.8.0: __metadata__ twice or an entry field twice is refused; other repeated keys keep the last', () => {
  rejects(file(`{"__metadata__":{"x":"1"},"__metadata__":{"y":"2"},${ONE}}`, [0, 0, 0, 0]), 'bad-metadata');
  rejects(file('{"__metadata__":{"x":"1"},"\\u005f_metadata__":null}'), 'bad-metadata');
  rejects(file('{"a":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}', [0, 0, 0, 0]), 'bad-tensor-entry', 'a');
  rejects(file('{"a":{"dtype":"F32","shape":[1],"shape":[1],"data_offsets":[0,4]}}', [0, 0, 0, 0]), 'bad-tensor-entry', 'a');
  assert.deepEqual({ ...parse(file(`{"__metadata__":{"x":"1","x":"2"},${ONE}}`, [0, 0, 0, 0])).metadata }, { x: '2' });
  assert.equal(parse(file(`{${ONE},"__metadata__":{"x":"1"},${ONE}}`, [0, 0, 0, 0])).tensors.length, 1);
  assert.equal(parse(file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":1,"extra":2}}', [0, 0, 0, 0])).tensors.length, 1);
});

test('like safetensors 0.8.0: a shape or offset written as a float is refused, even when whole', () => {
  for (const dim of ['1.0', '1e0', '1E0', '1.5', '-0', '-0.0']) {
    rejects(file(`{"a":{"dtype":"F32","shape":[${dim}],"data_offsets":[0,4]}}`, [0, 0, 0, 0]), 'bad-shape', 'a');
  }
  rejects(file('{"a":{"dtype":"U8","shape":[1e2],"data_offsets":[0,100]}}', new Array<number>(100).fill(0)), 'bad-shape', 'a');
  rejects(file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4.0]}}', [0, 0, 0, 0]), 'bad-offsets', 'a');
  rejects(file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0e0,4]}}', [0, 0, 0, 0]), 'bad-offsets', 'a');
  assert.deepEqual(parse(file('{"__metadata__":{"n":"1.0"},"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0],"note":1.5}}')).tensors[0]!.shape, [0]);
});

test('compact headers (checked without the second pass when they can hide nothing) and spaced ones are judged alike', () => {
  const spaced = (json: string): string => JSON.stringify(JSON.parse(json), null, 1);
  // Each refused with the same message either way: the lexeme, as the second pass reports it.
  const refused: readonly [string, SafetensorsErrorCode, RegExp][] = [
    ['{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}', 'bad-shape', /has 1\.5 in shape/],
    ['{"a":{"dtype":"F32","shape":[[1],1.5],"data_offsets":[0,4]}}', 'bad-shape', /has 1\.5 in shape/],
    ['{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', 'bad-shape', /has -1 in shape/],
    ['{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4.5]}}', 'bad-offsets', /has 4\.5 in data_offsets/],
    ['{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,1e21]}}', 'bad-offsets', /has 1e\+?21 in data_offsets/],
  ];
  for (const [json, code, message] of refused) {
    for (const text of [json, spaced(json)]) {
      rejects(file(text, [0, 0, 0, 0]), code, 'a');
      assert.throws(() => parse(file(text, [0, 0, 0, 0])), message, text);
    }
  }
  // Look-alikes inside strings are only strings.
  const accepted = '{"__metadata__":{"note":"\\"shape\\":[1.5]"},"x\\"shape\\":[1.5]":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}';
  for (const json of [accepted, spaced(accepted)]) {
    const header = parse(file(json, [7, 7]));
    assert.deepEqual(header.tensors.map((t) => [t.name, t.shape]), [['x"shape":[1.5]', [2]]]);
    assert.equal(header.metadata['note'], '"shape":[1.5]');
  }
});

test('property: a header parses to the same tensors and metadata compact (as written) or spaced', () => {
  fc.assert(fc.property(fileArbitrary, (bytes) => {
    const compact = parse(bytes);
    const length = readHeaderLength(bytes.subarray(0, 8), bytes.length, 'x.safetensors');
    const json = new TextDecoder().decode(bytes.subarray(8, 8 + length));
    const spaced = parse(file(JSON.stringify(JSON.parse(json), null, 2), [...bytes.subarray(8 + length)]));
    assert.deepEqual(spaced.tensors.map(({ offset: _, ...rest }) => rest), compact.tensors.map(({ offset: _, ...rest }) => rest));
    assert.deepEqual({ ...spaced.metadata }, { ...compact.metadata });
  }), { numRuns: 300 });
});

test('refuses bad metadata and malformed tensor entries, naming the tensor', () => {
  rejects(file('{"__metadata__":{"n":1}}'), 'bad-metadata');
  rejects(file('{"__metadata__":[]}'), 'bad-metadata');
  rejects(file('{"w":{"shape":[1],"data_offsets":[0,4]}}', [0, 0, 0, 0]), 'bad-tensor-entry', 'w');
  rejects(file('{"w":7}'), 'bad-tensor-entry', 'w');
  rejects(file('{"w":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}}', new Array<number>(16).fill(0)), 'unknown-dtype', 'w');
  rejects(file('{"w":{"dtype":"f32","shape":[1],"data_offsets":[0,4]}}', [0, 0, 0, 0]), 'unknown-dtype', 'w');
  rejects(file('{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', [0, 0, 0, 0]), 'bad-shape', 'w');
  rejects(file('{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}', [0, 0, 0, 0]), 'bad-shape', 'w');
  rejects(file('{"w":{"dtype":"F32","shape":"1","data_offsets":[0,4]}}', [0, 0, 0, 0]), 'bad-shape', 'w');
  rejects(file('{"w":{"dtype":"U8","shape":[1073741824,1073741824,1073741824,0],"data_offsets":[0,0]}}'), 'bad-shape', 'w');
  rejects(file('{"w":{"dtype":"U8","shape":[4],"data_offsets":[0]}}', [0, 0, 0, 0]), 'bad-offsets', 'w');
  rejects(file('{"w":{"dtype":"U8","shape":[4],"data_offsets":[4,0]}}', [0, 0, 0, 0]), 'bad-offsets', 'w');
  rejects(file('{"w":{"dtype":"U8","shape":[4],"data_offsets":[0,8]}}', [0, 0, 0, 0]), 'bad-offsets', 'w');
  rejects(file('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', [0, 0, 0, 0]), 'size-mismatch', 'w');
  rejects(file('{"w":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}}', [0, 0]), 'partial-byte', 'w');
});

test('refuses data offsets that overlap, leave holes, or do not fill the file', () => {
  rejects(file('{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}', new Array<number>(6).fill(0)), 'overlap-or-gap', 'b');
  rejects(file('{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[3,5]}}', new Array<number>(5).fill(0)), 'overlap-or-gap', 'b');
  rejects(file('{"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}', new Array<number>(4).fill(0)), 'overlap-or-gap', 'a');
  rejects(file('{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}', new Array<number>(3).fill(0)), 'data-size-mismatch');
  rejects(file('{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}', new Array<number>(4).fill(0)), 'overlap-or-gap', 'a');
});

/** Parses, and either succeeds with a header whose tensors tile the file, or fails with a SafetensorsError. */
function parsesOrFailsCleanly(bytes: Uint8Array): void {
  let header: SafetensorsHeader;
  try {
    header = parse(bytes);
  } catch (error) {
    assert.ok(error instanceof SafetensorsError, `unexpected ${String(error)}`);
    return;
  }
  let offset = header.dataOffset;
  for (const tensor of header.tensors) {
    assert.equal(tensor.offset, offset);
    offset += tensor.byteLength;
  }
  assert.equal(offset, bytes.length);
}

const tensorArbitrary: fc.Arbitrary<Tensor> = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 12 }).filter((n) => n !== '__metadata__'),
    dtype: fc.constantFrom(...DTYPES.filter((d) => DTYPE_BITS[d] % 8 === 0)),
    shape: fc.array(fc.nat(4), { maxLength: 3 }),
  })
  .map(({ name, dtype, shape }) => ({ name, dtype, shape, data: new Uint8Array((shape.reduce((a, b) => a * b, 1) * DTYPE_BITS[dtype]) / 8).fill(1) }));

const fileArbitrary = fc
  .uniqueArray(tensorArbitrary, { selector: (t) => t.name, maxLength: 5 })
  .chain((tensors) => fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }).map((metadata) => encodeSafetensors(tensors, metadata)));

test('property: random bytes give a typed error or a valid header, never a crash', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => parsesOrFailsCleanly(bytes)), { numRuns: 2000 });
});

test('property: written files parse back; mutated, truncated or extended ones fail cleanly', () => {
  fc.assert(fc.property(fileArbitrary, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.integer({ min: -16, max: 16 }), (bytes, at, value, resize) => {
    parsesOrFailsCleanly(bytes);
    assert.doesNotThrow(() => parse(bytes));
    const mutated = bytes.slice();
    mutated[at % mutated.length] = value;
    parsesOrFailsCleanly(mutated);
    const resized = new Uint8Array(Math.max(0, bytes.length + resize));
    resized.set(bytes.subarray(0, resized.length));
    parsesOrFailsCleanly(resized);
  }), { numRuns: 1000 });
});

test('property: random JSON headers give a typed error or a valid header', () => {
  const entry = fc.oneof(
    fc.jsonValue(),
    fc.record({ dtype: fc.constantFrom(...DTYPES, 'X'), shape: fc.array(fc.integer({ min: -1, max: 5 }), { maxLength: 3 }), data_offsets: fc.tuple(fc.integer({ min: -1, max: 40 }), fc.integer({ min: -1, max: 40 })) }),
  );
  fc.assert(fc.property(fc.dictionary(fc.string({ maxLength: 8 }), entry, { maxKeys: 4 }), fc.nat(40), (header, dataBytes) => {
    parsesOrFailsCleanly(file(JSON.stringify(header), new Array<number>(dataBytes).fill(0)));
  }), { numRuns: 2000 });
});
