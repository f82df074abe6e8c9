// Playbooks: a strategy's rules (structured JSON) and its performance figures. No SQL, no printing.
import type { JsonObject } from "../db/schema.js";
import type { StrategyTradeResult } from "../db/strategies.js";
import { FieldError, ValidationError } from "../errors.js";
import { Decimal, parseDecimal } from "./decimal.js";

/** strategies.rules: entry and exit criteria, a checklist, and risk settings applied to new trades. */
export interface StrategyRules {
  entry: string[];
  exit: string[];
  checklist: string[];
  risk: {
    /** Default stop distance in price units from the entry (long: below, short: above). */
    stopDistance?: string;
    /** Default initial risk per trade, in money. */
    riskPerTrade?: string;
    /** The most a trade may lose under this playbook, in money (shown; not enforced). */
    maxLoss?: string;
  };
}

export function emptyRules(): StrategyRules {
  return { entry: [], exit: [], checklist: [], risk: {} };
}

export const RULE_HELP = "entry:, exit:, check:, stop:, risk: or max-loss:";

/** Adds one `--rule "kind: text"` to the rules; kinds are entry, exit, check, stop, risk and max-loss. */
export function addRule(rules: StrategyRules, text: string): StrategyRules {
  const match = /^\s*([a-z-]+)\s*:\s*(.*)$/i.exec(text);
  const kind = match?.[1]?.toLowerCase();
  const value = match?.[2]?.trim() ?? "";
  const refused = new FieldError("rule", (name) => `${name} must start with ${RULE_HELP}, got '${text}'`);
  if (!match || value === "") throw refused;
  const money = (part: string) =>
    parseDecimal(value, { field: "rule", part, precision: 15, scale: 2, sign: "positive" });
  switch (kind) {
    case "entry":
      return { ...rules, entry: [...rules.entry, value] };
    case "exit":
      return { ...rules, exit: [...rules.exit, value] };
    case "check":
    case "checklist":
      return { ...rules, checklist: [...rules.checklist, value] };
    case "stop":
      return {
        ...rules,
        risk: {
          ...rules.risk,
          stopDistance: parseDecimal(value, {
            field: "rule",
            part: "stop:",
            precision: 15,
            scale: 4,
            sign: "positive",
          }),
        },
      };
    case "risk":
      return { ...rules, risk: { ...rules.risk, riskPerTrade: money("risk:") } };
    case "max-loss":
      return { ...rules, risk: { ...rules.risk, maxLoss: money("max-loss:") } };
    default:
      throw refused;
  }
}

export function buildRules(texts: string[]): StrategyRules {
  return texts.reduce(addRule, emptyRules());
}

/** Reads stored rules leniently: a row written by another tool may lack any part. */
export function readRules(json: unknown): StrategyRules {
  const object = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  const risk = (object.risk && typeof object.risk === "object" ? object.risk : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : undefined);
  const result = emptyRules();
  result.entry = list(object.entry);
  result.exit = list(object.exit);
  result.checklist = list(object.checklist);
  const stopDistance = text(risk.stopDistance);
  const riskPerTrade = text(risk.riskPerTrade);
  const maxLoss = text(risk.maxLoss);
  if (stopDistance) result.risk.stopDistance = stopDistance;
  if (riskPerTrade) result.risk.riskPerTrade = riskPerTrade;
  if (maxLoss) result.risk.maxLoss = maxLoss;
  return result;
}

export function rulesToJson(rules: StrategyRules): JsonObject {
  return { entry: rules.entry, exit: rules.exit, checklist: rules.checklist, risk: { ...rules.risk } };
}

export function validateStrategyName(text: string): string {
  const name = text.trim();
  if (name === "") throw new ValidationError("strategy name must not be empty");
  if (name.length > 100) throw new ValidationError("strategy name is longer than 100 characters");
  return name;
}

/** strategies.performance_metrics: every money figure a decimal string, percentages to 2 places. */
export interface StrategyMetrics {
  trades: number;
  open: number;
  closed: number;
  wins: number;
  losses: number;
  breakeven: number;
  winRate: string | null;
  netPnl: string;
  grossProfit: string;
  grossLoss: string;
  averageWin: string | null;
  averageLoss: string | null;
  profitFactor: string | null;
  expectancy: string | null;
  averageR: string | null;
  maxDrawdown: string;
  asOf: string;
}

const money = (value: Decimal) => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

/**
 * The figures of a strategy from its round trips in the order they went flat; open ones count towards `trades`/`open`
 * and their closed parts towards the net P&L only (as in reports).
 */
export function computeMetrics(trades: StrategyTradeResult[], asOf: Date): StrategyMetrics {
  const closed = trades.filter((t) => t.status === "closed" && t.pnl !== null);
  const pnls = closed.map((t) => new Decimal(t.pnl as string));
  const wins = pnls.filter((p) => p.gt(0));
  const losses = pnls.filter((p) => p.lt(0));
  const sum = (values: Decimal[]) => values.reduce((acc, v) => acc.plus(v), new Decimal(0));
  const grossProfit = sum(wins);
  const grossLoss = sum(losses).abs();
  const net = sum(trades.filter((t) => t.pnl !== null).map((t) => new Decimal(t.pnl as string)));
  let peak = new Decimal(0);
  let equity = new Decimal(0);
  let maxDrawdown = new Decimal(0);
  for (const pnl of pnls) {
    equity = equity.plus(pnl);
    if (equity.gt(peak)) peak = equity;
    if (peak.minus(equity).gt(maxDrawdown)) maxDrawdown = peak.minus(equity);
  }
  const withRisk = closed.filter((t) => t.initial_risk !== null && new Decimal(t.initial_risk).gt(0));
  const rs = withRisk.map((t) => new Decimal(t.pnl as string).div(t.initial_risk as string));
  return {
    trades: trades.length,
    open: trades.length - closed.length,
    closed: closed.length,
    wins: wins.length,
    losses: losses.length,
    breakeven: closed.length - wins.length - losses.length,
    winRate: closed.length > 0 ? money(new Decimal(wins.length).times(100).div(closed.length)) : null,
    netPnl: money(net),
    grossProfit: money(grossProfit),
    grossLoss: money(grossLoss),
    averageWin: wins.length > 0 ? money(grossProfit.div(wins.length)) : null,
    averageLoss: losses.length > 0 ? money(grossLoss.div(losses.length).negated()) : null,
    profitFactor: grossLoss.gt(0) ? money(grossProfit.div(grossLoss)) : null,
    expectancy: closed.length > 0 ? money(sum(pnls).div(closed.length)) : null,
    averageR: rs.length > 0 ? money(sum(rs).div(rs.length)) : null,
    maxDrawdown: money(maxDrawdown),
    asOf: asOf.toISOString(),
  };
}
