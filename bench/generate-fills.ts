// Writes N fills in TradeSense's generic CSV format: several accounts and symbols, scale-ins, partial closes and
// flips, prices with cents, commissions, execution ids. Streams to the file, so N can be millions.

import { once } from "node:events";
import { createWriteStream } from "node:fs";

export async function generateFills(
  path: string,
  count: number,
  options: { symbols?: number; executionIds?: boolean } = {},
) {
  const symbols = Array.from({ length: options.symbols ?? 40 }, (_, i) => `SYM${String(i).padStart(3, "0")}`);
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write(
    `Date,Symbol,Side,Quantity,Price,Commission,Account${options.executionIds === false ? "" : ",Execution ID"}\n`,
  );
  let seed = 12345;
  const next = (max: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    // The low bits of this generator cycle quickly: take the high ones.
    return Math.floor(seed / 65536) % max;
  };
  const start = Date.UTC(2020, 0, 2, 14, 30);
  // Each position's size, to say "Short" where a sell goes past the shares held: a plain sell only closes (issue 13),
  // so a flip to short, or a short from flat, must say it opens one, as a broker's "Sell Short" does.
  const positions = new Map<string, number>();
  let chunk = "";
  for (let i = 0; i < count; i++) {
    const when = new Date(start + i * 1000).toISOString().replace("T", " ").slice(0, 19);
    const symbol = symbols[i % symbols.length];
    const buying = next(1000) < 500;
    const quantity = 1 + next(500);
    const price = `${20 + next(200)}.${String(next(100)).padStart(2, "0")}`;
    const commission = `${next(2)}.${String(next(100)).padStart(2, "0")}`;
    const account = `U${1 + (i % 3)}`;
    const key = `${account} ${symbol}`;
    const held = positions.get(key) ?? 0;
    positions.set(key, held + (buying ? quantity : -quantity));
    const side = buying ? "Buy" : quantity > held ? "Short" : "Sell";
    chunk += `${when},${symbol},${side},${quantity},${price},${commission},${account}${options.executionIds === false ? "" : `,X${i}`}\n`;
    if (chunk.length > 65536) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  out.end();
  await once(out, "finish");
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ""))) {
  const [, , path, count] = process.argv;
  if (!path || !count) {
    console.error("usage: tsx bench/generate-fills.ts <file.csv> <count>");
    process.exit(2);
  }
  await generateFills(path, Number(count));
}
