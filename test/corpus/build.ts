// Writes the whole corpus (every variant, every bad input) into one directory.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { badInputs } from './bad-inputs';
import { variants } from './variants';

export interface Corpus {
  dir: string;
  /** Path of each written file by variant or bad-input name. */
  paths: Record<string, string>;
}

export async function buildCorpus(dir: string): Promise<Corpus> {
  await mkdir(dir, { recursive: true });
  const paths: Record<string, string> = {};
  const seen = new Set<string>();
  const claim = (name: string, fileName: string) => {
    if (seen.has(fileName)) throw new Error(`two corpus files named ${fileName}`);
    seen.add(fileName);
    paths[name] = join(dir, fileName);
    return paths[name];
  };
  for (const v of variants) {
    const path = claim(v.name, v.fileName);
    const wb = await v.build();
    await wb.xlsx.writeFile(path);
  }
  for (const b of badInputs) await b.write(claim(b.name, b.fileName));
  return { dir, paths };
}
