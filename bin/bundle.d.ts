export function bundleText(entry: string): Promise<string>;
export function writeWhole(file: string, text: string): void;
