// The built-in futures contract table: root symbol -> point value (the dollars, or the contract currency's units, one
// full point of price is worth: the exchange's contract multiplier in the units the platforms quote the price in),
// minimum tick, exchange and currency. Data only: the exchanges' contract specifications as published (CME Group:
// CME, CBOT, NYMEX, COMEX; ICE Futures U.S.; Cboe Futures Exchange). A user adds or overrides rows with
// `tradesense futures set ROOT --point-value V` (user_futures_contracts, migration 060).
//
// Prices are taken as the platforms quote them: grains and livestock in cents (ZC 450.25 is 450.25 cents a bushel,
// so a point is 5,000 bushels x $0.01 = $50), Treasury futures in points and fractions of a point as decimals (ZN
// 110.515625), currencies in dollars per unit (6E 1.0845, 6J 0.0067055).

export interface ContractSpec {
  /** Value of one full point of price, per contract. */
  pointValue: string;
  tickSize: string;
  exchange: string;
  currency: string;
  name: string;
}

type Row = [pointValue: string, tickSize: string, exchange: string, name: string, currency?: string];

const ROWS: Record<string, Row> = {
  // Equity indexes
  ES: ["50", "0.25", "CME", "E-mini S&P 500"],
  MES: ["5", "0.25", "CME", "Micro E-mini S&P 500"],
  NQ: ["20", "0.25", "CME", "E-mini Nasdaq-100"],
  MNQ: ["2", "0.25", "CME", "Micro E-mini Nasdaq-100"],
  YM: ["5", "1", "CBOT", "E-mini Dow ($5)"],
  MYM: ["0.5", "1", "CBOT", "Micro E-mini Dow"],
  RTY: ["50", "0.1", "CME", "E-mini Russell 2000"],
  M2K: ["5", "0.1", "CME", "Micro E-mini Russell 2000"],
  EMD: ["100", "0.1", "CME", "E-mini S&P MidCap 400"],
  NKD: ["5", "5", "CME", "Nikkei 225 (dollar)"],
  NIY: ["500", "5", "CME", "Nikkei 225 (yen)", "JPY"],
  // Energy
  CL: ["1000", "0.01", "NYMEX", "WTI Crude Oil"],
  MCL: ["100", "0.01", "NYMEX", "Micro WTI Crude Oil"],
  QM: ["500", "0.025", "NYMEX", "E-mini Crude Oil"],
  BZ: ["1000", "0.01", "NYMEX", "Brent Crude Oil Last Day Financial"],
  NG: ["10000", "0.001", "NYMEX", "Henry Hub Natural Gas"],
  QG: ["2500", "0.005", "NYMEX", "E-mini Henry Hub Natural Gas"],
  MNG: ["1000", "0.001", "NYMEX", "Micro Henry Hub Natural Gas"],
  RB: ["42000", "0.0001", "NYMEX", "RBOB Gasoline"],
  HO: ["42000", "0.0001", "NYMEX", "NY Harbor ULSD (Heating Oil)"],
  // Metals
  GC: ["100", "0.1", "COMEX", "Gold"],
  MGC: ["10", "0.1", "COMEX", "Micro Gold"],
  SI: ["5000", "0.005", "COMEX", "Silver"],
  SIL: ["1000", "0.005", "COMEX", "Micro Silver"],
  HG: ["25000", "0.0005", "COMEX", "Copper"],
  MHG: ["2500", "0.0005", "COMEX", "Micro Copper"],
  PL: ["50", "0.1", "NYMEX", "Platinum"],
  PA: ["100", "0.5", "NYMEX", "Palladium"],
  // Interest rates
  ZB: ["1000", "0.03125", "CBOT", "U.S. Treasury Bond"],
  UB: ["1000", "0.03125", "CBOT", "Ultra U.S. Treasury Bond"],
  ZN: ["1000", "0.015625", "CBOT", "10-Year T-Note"],
  TN: ["1000", "0.015625", "CBOT", "Ultra 10-Year T-Note"],
  ZF: ["1000", "0.0078125", "CBOT", "5-Year T-Note"],
  ZT: ["2000", "0.00390625", "CBOT", "2-Year T-Note"],
  SR3: ["2500", "0.0025", "CME", "Three-Month SOFR"],
  ZQ: ["4167", "0.0025", "CBOT", "30-Day Federal Funds"],
  // Currencies (USD per unit of the foreign currency)
  "6E": ["125000", "0.00005", "CME", "Euro FX"],
  M6E: ["12500", "0.0001", "CME", "Micro EUR/USD"],
  E7: ["62500", "0.0001", "CME", "E-mini Euro FX"],
  "6J": ["12500000", "0.0000005", "CME", "Japanese Yen"],
  "6B": ["62500", "0.0001", "CME", "British Pound"],
  M6B: ["6250", "0.0001", "CME", "Micro GBP/USD"],
  "6A": ["100000", "0.00005", "CME", "Australian Dollar"],
  M6A: ["10000", "0.0001", "CME", "Micro AUD/USD"],
  "6C": ["100000", "0.00005", "CME", "Canadian Dollar"],
  "6S": ["125000", "0.00005", "CME", "Swiss Franc"],
  "6N": ["100000", "0.00005", "CME", "New Zealand Dollar"],
  "6M": ["500000", "0.00001", "CME", "Mexican Peso"],
  // Grains and oilseeds (cents per bushel; ZL cents per pound; ZM dollars per short ton)
  ZC: ["50", "0.25", "CBOT", "Corn"],
  ZS: ["50", "0.25", "CBOT", "Soybeans"],
  ZW: ["50", "0.25", "CBOT", "Chicago SRW Wheat"],
  KE: ["50", "0.25", "CBOT", "KC HRW Wheat"],
  ZO: ["50", "0.25", "CBOT", "Oats"],
  ZL: ["600", "0.01", "CBOT", "Soybean Oil"],
  ZM: ["100", "0.1", "CBOT", "Soybean Meal"],
  ZR: ["2000", "0.005", "CBOT", "Rough Rice"],
  // Livestock (cents per pound)
  LE: ["400", "0.025", "CME", "Live Cattle"],
  GF: ["500", "0.025", "CME", "Feeder Cattle"],
  HE: ["400", "0.025", "CME", "Lean Hogs"],
  // Softs (ICE Futures U.S.; cents per pound except cocoa, dollars per metric ton)
  KC: ["375", "0.05", "ICE US", "Coffee C"],
  SB: ["1120", "0.01", "ICE US", "Sugar No. 11"],
  CC: ["10", "1", "ICE US", "Cocoa"],
  CT: ["500", "0.01", "ICE US", "Cotton No. 2"],
  // Crypto
  BTC: ["5", "5", "CME", "Bitcoin"],
  MBT: ["0.1", "5", "CME", "Micro Bitcoin"],
  ETH: ["50", "0.25", "CME", "Ether"],
  MET: ["0.1", "0.5", "CME", "Micro Ether"],
  // Volatility
  VX: ["1000", "0.05", "CFE", "Cboe Volatility Index"],
  VXM: ["100", "0.05", "CFE", "Mini Cboe Volatility Index"],
};

/** The built-in contracts by root. */
export const BUILT_IN_CONTRACTS: ReadonlyMap<string, ContractSpec> = new Map(
  Object.entries(ROWS).map(([root, [pointValue, tickSize, exchange, name, currency]]) => [
    root,
    { pointValue, tickSize, exchange, name, currency: currency ?? "USD" },
  ]),
);
