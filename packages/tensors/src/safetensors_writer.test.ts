import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DTYPE_BITS, DTYPES } from './dtype.ts';
import { MemoryFileSystem } from './memory_file_system.ts';
import { SafetensorsError } from './safetensors_error.ts';
import { openSafetensors } from './safetensors_reader.ts';
import { encodeSafetensors, encodeSafetensorsHeader, writeSafetensors, type Tensor } from './safetensors_writer.ts';

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

test('the header is the reference layout: u64 length, JSON padded with spaces to 8 bytes, data aligned', () => {
  const header = encodeSafetensorsHeader([{ name: 'a', dtype: 'U8', shape: [3] }], { format: 'pt' });
  const length = Number(new DataView(header.buffer).getBigUint64(0, true));
  assert.equal(header.length, 8 + length);
  assert.equal(length % 8, 0);
  const text = new TextDecoder().decode(header.subarray(8));
  assert.equal(text.trimEnd(), '{"__metadata__":{"format":"pt"},"a":{"dtype":"U8","shape":[3],"data_offsets":[0,3]}}');
  assert.match(text, /^[^ ]*( *)$/);
});

test('no __metadata__ entry is written when there is no metadata', () => {
  const text = new TextDecoder().decode(encodeSafetensorsHeader([]).subarray(8)).trimEnd();
  assert.equal(text, '{}');
});

test('refuses duplicate or reserved names and data of the wrong size', () => {
  const tensor = (name: string, data: Uint8Array): Tensor => ({ name, dtype: 'U8', shape: [data.length], data });
  assert.throws(() => encodeSafetensors([tensor('a', bytes(1)), tensor('a', bytes(2))]), (e: unknown) => e instanceof SafetensorsError && e.code === 'duplicate-tensor' && e.tensor === 'a');
  assert.throws(() => encodeSafetensors([tensor('__metadata__', bytes(1))]), (e: unknown) => e instanceof SafetensorsError && e.code === 'duplicate-tensor');
  assert.throws(() => encodeSafetensors([{ name: 'w', dtype: 'F32', shape: [2], data: bytes(1, 2, 3, 4) }]), (e: unknown) => e instanceof SafetensorsError && e.code === 'size-mismatch' && /needs 8 bytes/.test(e.message));
  assert.throws(() => encodeSafetensors([{ name: 'w', dtype: 'F4', shape: [3], data: bytes(1, 2) }]), (e: unknown) => e instanceof SafetensorsError && e.code === 'partial-byte');
  assert.throws(() => encodeSafetensors([{ name: 'w', dtype: 'U8', shape: [-1], data: bytes() }]), (e: unknown) => e instanceof SafetensorsError && e.code === 'bad-shape');
});

const tensorsArbitrary = fc.uniqueArray(
  fc.record({
    name: fc.string({ minLength: 1, maxLength: 10 }).filter((n) => n !== '__metadata__'),
    dtype: fc.constantFrom(...DTYPES),
    shape: fc.array(fc.nat(5), { maxLength: 3 }).map((shape) => [...shape, 2]),
  }).chain(({ name, dtype, shape }) => {
    const length = (shape.reduce((a, b) => a * b, 1) * DTYPE_BITS[dtype]) / 8;
    return fc.uint8Array({ minLength: Math.ceil(length), maxLength: Math.ceil(length) }).map((data) => ({ name, dtype, shape, data }));
  }).filter((t) => Number.isInteger(t.data.length) && (t.shape.reduce((a, b) => a * b, 1) * DTYPE_BITS[t.dtype]) % 8 === 0),
  { selector: (t) => t.name, maxLength: 6 },
);

test('property: what writeSafetensors writes, openSafetensors reads back, byte for byte, by range', async () => {
  await fc.assert(fc.asyncProperty(tensorsArbitrary, fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }), async (tensors, metadata) => {
    const fs = new MemoryFileSystem();
    const sink = await fs.create('t.safetensors');
    await writeSafetensors(sink, tensors, metadata);
    await sink.close();
    assert.deepEqual(fs.bytes('t.safetensors'), encodeSafetensors(tensors, metadata));
    const file = await openSafetensors(fs, 't.safetensors');
    try {
      assert.deepEqual({ ...file.header.metadata }, { ...metadata });
      // Empty tensors occupy no bytes, so only the others have a place in the data section.
      const placed = (list: readonly { name: string; byteLength?: number; data?: Uint8Array }[]): string[] => list.filter((t) => (t.byteLength ?? t.data!.length) > 0).map((t) => t.name);
      assert.deepEqual(placed(file.header.tensors), placed(tensors), 'data is laid out in the order given');
      assert.deepEqual(new Set(file.tensors.keys()), new Set(tensors.map((t) => t.name)));
      for (const tensor of tensors) {
        const info = file.tensors.get(tensor.name)!;
        assert.equal(info.dtype, tensor.dtype);
        assert.deepEqual(info.shape, tensor.shape);
        assert.deepEqual(await file.read(info), tensor.data);
        if (tensor.data.length > 1) assert.deepEqual(await file.read(info, 1, tensor.data.length - 1), tensor.data.subarray(1));
      }
    } finally {
      await file.close();
    }
  }), { numRuns: 300 });
});

test('reading outside a tensor is refused', async () => {
  const fs = new MemoryFileSystem({ 't.safetensors': encodeSafetensors([{ name: 'a', dtype: 'U8', shape: [2], data: bytes(1, 2) }]) });
  const file = await openSafetensors(fs, 't.safetensors');
  await assert.rejects(file.read(file.tensors.get('a')!, 1, 2), RangeError);
  await file.close();
});
