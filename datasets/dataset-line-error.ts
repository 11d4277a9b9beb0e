/** A dataset line that failed to parse or validate; the message starts with `file:line:`. */
export class DatasetLineError extends Error {
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'DatasetLineError';
    this.file = file;
    this.line = line;
  }
}
