// How strategies look: the list columns (from performance_metrics) and the full view with rules and figures.
import type { StrategyRow } from "../db/schema.js";
import { readRules, type StrategyRules } from "../domain/strategies.js";
import { isoTime } from "./json-output.js";
import { colorSigned, formatDateTime, type TableColumn } from "./render.js";
import type { IOStreams } from "./streams.js";

type Metrics = Record<string, string | number | null | undefined>;
const metricsOf = (s: StrategyRow) => (s.performance_metrics ?? {}) as Metrics;
const text = (value: string | number | null | undefined) =>
  value === null || value === undefined ? "" : String(value);

export function strategyColumns(io: IOStreams): TableColumn<StrategyRow>[] {
  return [
    { header: "ID", value: (s) => String(s.id), align: "right" },
    { header: "Name", value: (s) => s.name },
    { header: "Active", value: (s) => (s.is_active === false ? "no" : "yes") },
    { header: "Trades", value: (s) => text(metricsOf(s).trades ?? 0), align: "right" },
    { header: "Win rate %", value: (s) => text(metricsOf(s).winRate), align: "right" },
    {
      header: "Net P&L",
      value: (s) => text(metricsOf(s).netPnl ?? "0.00"),
      align: "right",
      style: (t) => colorSigned(io, t),
    },
  ];
}

export function renderStrategyDetail(io: IOStreams, strategy: StrategyRow, timeZone: string): string {
  const rules = readRules(strategy.rules);
  const m = metricsOf(strategy);
  const out = [`Strategy ${strategy.id}: ${strategy.name}${strategy.is_active === false ? " (archived)" : ""}`];
  if (strategy.description) out.push(strategy.description);
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    out.push("", `${title}:`, ...items.map((item) => `  - ${item}`));
  };
  section("Entry", rules.entry);
  section("Exit", rules.exit);
  section("Checklist", rules.checklist);
  const risk = [
    rules.risk.stopDistance ? `default stop ${rules.risk.stopDistance} from entry` : "",
    rules.risk.riskPerTrade ? `risk per trade ${rules.risk.riskPerTrade}` : "",
    rules.risk.maxLoss ? `max loss per trade ${rules.risk.maxLoss}` : "",
  ].filter(Boolean);
  section("Risk", risk);
  const figures: [string, string][] = [
    ["Trades", `${text(m.trades ?? 0)} (${text(m.closed ?? 0)} closed, ${text(m.open ?? 0)} open)`],
    ["Wins / losses", `${text(m.wins ?? 0)} / ${text(m.losses ?? 0)}`],
    ["Win rate", m.winRate ? `${m.winRate}%` : "-"],
    ["Net P&L", colorSigned(io, text(m.netPnl ?? "0.00"))],
    ["Average win", text(m.averageWin) || "-"],
    ["Average loss", text(m.averageLoss) || "-"],
    ["Profit factor", text(m.profitFactor) || "-"],
    ["Expectancy", text(m.expectancy) || "-"],
    ["Average R", m.averageR ? `${m.averageR}R` : "-"],
    ["Max drawdown", text(m.maxDrawdown ?? "0.00")],
  ];
  out.push("", "Performance:");
  for (const [label, value] of figures) out.push(`  ${`${label}:`.padEnd(15)}${value}`);
  if (typeof m.asOf === "string") out.push(`  ${"As of:".padEnd(15)}${formatDateTime(new Date(m.asOf), timeZone)}`);
  return out.join("\n");
}

/**
 * A strategy in every `strategy` verb's --json (README "JSON output"): its rules read into one shape (entry, exit
 * and checklist lists; risk amounts as decimal strings), its performance figures as the journal last computed them
 * (money as strings), times ISO-8601 UTC.
 */
export interface StrategyJson {
  id: number;
  name: string;
  description: string | null;
  active: boolean;
  rules: StrategyRules;
  performanceMetrics: Metrics;
  createdAt: string | null;
  updatedAt: string | null;
}

export function strategyJson(strategy: StrategyRow): StrategyJson {
  return {
    id: strategy.id,
    name: strategy.name,
    description: strategy.description,
    active: strategy.is_active !== false,
    rules: readRules(strategy.rules),
    performanceMetrics: metricsOf(strategy),
    createdAt: isoTime(strategy.created_at),
    updatedAt: isoTime(strategy.updated_at),
  };
}
