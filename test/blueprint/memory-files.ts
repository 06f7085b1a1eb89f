import type { LoadOptions } from "../../src/blueprint";

/** Blueprint files held in memory, so composition and fuzz tests need no disk. */
export function memoryFiles(files: Record<string, string>): LoadOptions {
  const get = (file: string) => {
    const text = files[file];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
    return text;
  };
  return {
    readFile: async (file) => get(file),
    fileSize: async (file) => Buffer.byteLength(get(file)),
  };
}
