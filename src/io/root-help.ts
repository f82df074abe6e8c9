// `tradesense --help`: the program's own description, global options and examples, declared once for commander
// (program.ts) and drawn here without it, from commands/command-tree.ts, as commander's Help would draw them. Loading
// commander costs about as much again as the rest of a `--help` run; test/commands/command-tree.test.ts checks that
// both draw the same text at every width.
import { COMMAND_TREE } from "../commands/command-tree.js";

export const PROGRAM_DESCRIPTION =
  "A terminal-first trading journal: trades, journal, playbooks, broker imports and reports.";

/** The global options, [flags, description], in the order help lists them. */
export const GLOBAL_OPTIONS: readonly (readonly [flags: string, description: string])[] = [
  ["-V, --version", "print the version, the Node.js version and where the journal is (--json too)"],
  ["--database-url <url>", "use this PostgreSQL server instead of the embedded journal (or DATABASE_URL)"],
  ["--no-color", "turn off colour (also NO_COLOR=1 or TERM=dumb)"],
  ["--debug", "show stack traces for errors"],
  ["--wait <seconds>", "wait this long for another tradesense using the embedded journal (default 60)"],
];

/** Printed after the generated help (commander's addHelpText "after"). */
export const HELP_EXAMPLES = `
Examples:
  $ tradesense init --yes                 # create your journal (embedded, no server needed)
  $ tradesense trade add --symbol AAPL --side long --qty 100 --price 187.20
  $ tradesense trade list --open
  $ tradesense demo                       # a scratch journal with sample data

Data lives in an embedded PostgreSQL under your data directory (TRADESENSE_HOME moves it);
--database-url or DATABASE_URL points at a PostgreSQL server instead.
Exit codes: 0 ok, 1 unexpected error, 2 bad usage or value, 3 not found, 4 conflict, 5 database,
10 import with bad rows, 11 nothing imported, 130 cancelled.`;

/** The width commander wraps help to: the terminal's, else 80. */
export function helpWidth(stdout: { isTTY?: boolean; columns?: number }): number {
  return (stdout.isTTY ? stdout.columns : undefined) ?? 80;
}

/** Commander's Help.minWidthToWrap: a column narrower than this is left unwrapped. */
const MIN_WIDTH_TO_WRAP = 40;

type Item = readonly [term: string, description: string];

/** The whole `tradesense --help` text, as commander prints it at this width (its help, then the examples). */
export function rootHelp(width: number): string {
  const options: Item[] = [...GLOBAL_OPTIONS, ["-h, --help", "display help for command"]];
  const commands: Item[] = [
    ...COMMAND_TREE.commands.map((c): Item => [c.term, c.description]),
    ["help [command]", "display help for command"],
  ];
  const termWidth = Math.max(...[...options, ...commands].map(([term]) => term.length));
  const item = ([term, description]: Item) => {
    const remaining = width - termWidth - 4;
    const text =
      remaining < MIN_WIDTH_TO_WRAP || /\n[^\S\r\n]/.test(description)
        ? description
        : wrap(description, remaining).replace(/\n/g, `\n${" ".repeat(termWidth + 2)}`);
    return `  ${term.padEnd(termWidth)}  ${text.replace(/\n/g, "\n  ")}`;
  };
  const help = [
    "Usage: tradesense [options] [command]",
    "",
    wrap(PROGRAM_DESCRIPTION, width),
    "",
    "Options:",
    ...options.map(item),
    "",
    "Commands:",
    ...commands.map(item),
    "",
  ].join("\n");
  return `${help}${HELP_EXAMPLES}\n`;
}

/** Commander's Help.boxWrap: words (with the spaces before them) while they fit, a line break trimming the space. */
function wrap(text: string, width: number): string {
  if (width < MIN_WIDTH_TO_WRAP) return text;
  const lines: string[] = [];
  for (const line of text.split(/\r\n|\n/)) {
    const chunks = line.match(/[\s]*[^\s]+/g);
    if (chunks === null) {
      lines.push("");
      continue;
    }
    let current = chunks.shift() as string;
    for (const chunk of chunks) {
      if (current.length + chunk.length <= width) {
        current += chunk;
      } else {
        lines.push(current);
        current = chunk.trimStart();
      }
    }
    lines.push(current);
  }
  return lines.join("\n");
}
