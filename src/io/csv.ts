// CSV out (RFC 4180): a field with a comma, quote or line break is quoted, quotes doubled. Lines end in CRLF-free \n.

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(",")}\n`;
}
