// Shell completion scripts generated from the command tree (commands/command-tree.ts, itself generated from the
// commands by `npm run command-tree` and checked by a test), so they never fall behind the commands and printing
// them loads no command module.
import { Command, Help } from "commander";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { printLine } from "../io/render.js";
import { COMMAND_TREE } from "./command-tree.js";
import type { RunFn } from "./define.js";

export interface CompletionNode {
  path: string[];
  subcommands: { name: string; description: string }[];
  options: string[];
}

export interface CommandTree {
  /** The top-level commands as `--help` lists them. */
  commands: { name: string; term: string; description: string }[];
  /** Every command below the program, with its subcommands and options. */
  nodes: CompletionNode[];
}

function collect(command: Command, path: string[] = []): CompletionNode[] {
  const help = new Help();
  // The commands --help lists, less commander's implicit `help` command (it is not one of command.commands).
  const visible = help.visibleCommands(command).filter((c) => command.commands.includes(c));
  const node: CompletionNode = {
    path,
    subcommands: visible.map((c) => ({ name: c.name(), description: c.description() })),
    options: help.visibleOptions(command).flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f))),
  };
  return [node, ...visible.flatMap((c) => collect(c, [...path, c.name()]))];
}

/** What `--help` and completion need of the fully loaded program (every command's module imported). */
export function describeCommandTree(program: Command): CommandTree {
  const help = new Help();
  return {
    commands: program.commands.map((c) => ({
      name: c.name(),
      term: help.subcommandTerm(c),
      description: c.description(),
    })),
    nodes: collect(program).filter((node) => node.path.length > 0),
  };
}

/** The program's own node (its global options, read live) and every command's below it, from the tree. */
function completionNodes(root: Command): CompletionNode[] {
  return [...collect(root).slice(0, 1), ...COMMAND_TREE.nodes];
}

export function bashScript(root: Command): string {
  const nodes = completionNodes(root);
  const cases = nodes
    .map(
      (n) => `    "${n.path.join(" ")}") words="${[...n.subcommands.map((s) => s.name), ...n.options].join(" ")}" ;;`,
    )
    .join("\n");
  const known = nodes
    .filter((n) => n.path.length > 0)
    .map((n) => `"${n.path.join(" ")}"`)
    .join("|");
  return `# tradesense completion for bash. Install: tradesense completion bash > ~/.local/share/bash-completion/completions/tradesense
_tradesense() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" candidate i words
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ "\${COMP_WORDS[i]}" == -* ]] && continue
    candidate="\${path:+$path }\${COMP_WORDS[i]}"
    case "$candidate" in
      ${known}) path="$candidate" ;;
    esac
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _tradesense tradesense
`;
}

export function zshScript(root: Command): string {
  return `#compdef tradesense
# tradesense completion for zsh. Install: tradesense completion zsh > "\${fpath[1]}/_tradesense" (then restart zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(root).split("\n").slice(1).join("\n")}`;
}

export function fishScript(root: Command): string {
  const nodes = completionNodes(root);
  const quote = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  // The command path typed so far, found as the bash script finds it: each word that extends a known path, options
  // skipped. A condition names a whole path, so `journal add` is never offered the options of `trade add`.
  const known = nodes
    .filter((n) => n.path.length > 0)
    .map((n) => quote(n.path.join(" ")))
    .join(" ");
  const lines = [
    "# tradesense completion for fish. Install: tradesense completion fish > ~/.config/fish/completions/tradesense.fish",
    "complete -c tradesense -f",
    "function __tradesense_path",
    "    set -l words (commandline -opc)",
    "    set -e words[1]",
    `    set -l known ${known}`,
    '    set -l path ""',
    "    for word in $words",
    "        string match -q -- '-*' $word; and continue",
    '        set -l candidate (string trim -- "$path $word")',
    "        contains -- $candidate $known; and set path $candidate",
    "    end",
    '    echo "$path"',
    "end",
    "function __tradesense_at",
    "    set -l path (__tradesense_path)",
    '    test "$path" = "$argv"',
    "end",
  ];
  for (const node of nodes) {
    const condition = quote(["__tradesense_at", ...node.path].join(" "));
    for (const sub of node.subcommands) {
      lines.push(`complete -c tradesense -n ${condition} -a ${sub.name} -d ${quote(sub.description)}`);
    }
    for (const option of node.options.filter((o) => o.startsWith("--"))) {
      lines.push(`complete -c tradesense -n ${condition} -l ${option.slice(2)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

const SCRIPTS: Record<Shell, (root: Command) => string> = { bash: bashScript, zsh: zshScript, fish: fishScript };

export interface CompletionOpts {
  shell: Shell;
  /** The program whose global options and commands the script completes (the parent of `completion`). */
  root: Command;
}

export function completionCommand(ctx: Context, run: RunFn<CompletionOpts> = runCompletion): Command {
  return new Command("completion")
    .description("Print a shell completion script (bash, zsh or fish)")
    .argument("<shell>", "bash, zsh or fish")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense completion bash > ~/.local/share/bash-completion/completions/tradesense
  $ tradesense completion zsh > "\${fpath[1]}/_tradesense"
  $ tradesense completion fish > ~/.config/fish/completions/tradesense.fish`,
    )
    .action((shell: string, _flags: unknown, command: Command) => {
      const known = SHELLS.find((s) => s === shell);
      if (!known) throw new UsageError(`unknown shell '${shell}': use bash, zsh or fish`);
      return run(ctx, { shell: known, root: command.parent ?? command });
    });
}

export async function runCompletion(ctx: Context, opts: CompletionOpts): Promise<void> {
  const script = SCRIPTS[opts.shell](opts.root);
  ctx.io.stdout.write(script);
  if (!script.endsWith("\n")) printLine(ctx.io);
}
