// The whole schema, once: each table is declared as a runtime map of column specs, and the Kysely table types are
// derived from that map. The runtime half lets a test compare every column (type, nullability, default, generated)
// with information_schema after migrating, so the types cannot drift from migrations/*.sql unnoticed.
import type { ColumnType, Insertable, Selectable, Updateable } from "kysely";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A column as information_schema describes it, plus phantom select/insert types for Kysely. */
export class ColumnSpec<
  Select,
  Insert,
  Nullable extends boolean,
  HasDefault extends boolean,
  Generated extends boolean,
> {
  declare readonly selectType: Select;
  declare readonly insertType: Insert;

  constructor(
    /** The type as format_type() prints it, e.g. "numeric(15,4)" or "timestamp without time zone". */
    readonly sqlType: string,
    readonly nullable: Nullable,
    readonly hasDefault: HasDefault,
    readonly generated: Generated,
  ) {}

  notNull(): ColumnSpec<Select, Insert, false, HasDefault, Generated> {
    return new ColumnSpec(this.sqlType, false, this.hasDefault, this.generated);
  }

  withDefault(): ColumnSpec<Select, Insert, Nullable, true, Generated> {
    return new ColumnSpec(this.sqlType, this.nullable, true, this.generated);
  }

  generatedAlways(): ColumnSpec<Select, Insert, Nullable, HasDefault, true> {
    return new ColumnSpec(this.sqlType, this.nullable, this.hasDefault, true);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: a spec of any shape
type AnySpec = ColumnSpec<any, any, boolean, boolean, boolean>;

function column<Select, Insert = Select>(sqlType: string) {
  return new ColumnSpec<Select, Insert, true, false, false>(sqlType, true, false, false);
}

/** Column builders named after the PostgreSQL types they stand for. */
const pg = {
  serial: () => column<number>("integer").notNull().withDefault(),
  integer: () => column<number>("integer"),
  // INT8 is read as a number (connect.ts); trip keys stay far below 2^53.
  bigint: () => column<number>("bigint"),
  varchar: (length: number) => column<string>(`character varying(${length})`),
  text: () => column<string>("text"),
  textArray: () => column<string[]>("text[]"),
  boolean: () => column<boolean>("boolean"),
  // NUMERIC travels as an exact decimal string both ways: never a JavaScript number.
  numeric: (precision: number, scale: number) => column<string>(`numeric(${precision},${scale})`),
  // TIMESTAMP without time zone holds UTC. Reads come back as Date (parsed as UTC in connect.ts); writes take a Date
  // or an ISO string (PostgreSQL ignores an offset written into a timestamp-without-time-zone literal, so write UTC).
  timestamp: () => column<Date, Date | string>("timestamp without time zone"),
  jsonb: <T extends JsonValue = JsonValue>() => column<T, T | string>("jsonb"),
  inet: () => column<string>("inet"),
  tsvector: () => column<string>("tsvector"),
  // DATE is read as its text, YYYY-MM-DD (a calendar day, no time zone to get wrong).
  date: () => column<string>("date"),
};

/** trades.asset_type's CHECK (migration 012). */
export const ASSET_TYPES = ["stock", "etf", "option", "future", "forex", "crypto", "other"] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const tables = {
  users: {
    id: pg.serial(),
    username: pg.varchar(50).notNull(),
    email: pg.varchar(255).notNull(),
    hashed_password: pg.varchar(255).notNull(),
    full_name: pg.varchar(255),
    is_active: pg.boolean().withDefault(),
    is_superuser: pg.boolean().withDefault(),
    created_at: pg.timestamp().withDefault(),
    updated_at: pg.timestamp().withDefault(),
    last_login: pg.timestamp(),
    email_verified: pg.boolean().withDefault(),
    email_verification_token: pg.varchar(255),
    email_verification_sent_at: pg.timestamp(),
    password_reset_token: pg.varchar(255),
    password_reset_expires: pg.timestamp(),
  },
  user_settings: {
    id: pg.serial(),
    user_id: pg.integer(),
    settings: pg.jsonb<JsonObject>().withDefault(),
    timezone: pg.varchar(50).withDefault(),
    theme: pg.varchar(20).withDefault(),
    notifications: pg.jsonb<JsonObject>().withDefault(),
    display_preferences: pg.jsonb<JsonObject>().withDefault(),
    created_at: pg.timestamp().withDefault(),
    updated_at: pg.timestamp().withDefault(),
  },
  strategies: {
    id: pg.serial(),
    user_id: pg.integer(),
    name: pg.varchar(100).notNull(),
    description: pg.text(),
    rules: pg.jsonb<JsonObject>().withDefault(),
    is_active: pg.boolean().withDefault(),
    performance_metrics: pg.jsonb<JsonObject>().withDefault(),
    created_at: pg.timestamp().withDefault(),
    updated_at: pg.timestamp().withDefault(),
  },
  trades: {
    id: pg.serial(),
    user_id: pg.integer(),
    symbol: pg.varchar(20).notNull(),
    side: column<"long" | "short">("character varying(10)").notNull(),
    quantity: pg.numeric(21, 10).notNull(),
    entry_price: pg.numeric(21, 10).notNull(),
    exit_price: pg.numeric(21, 10),
    entry_date: pg.timestamp().notNull(),
    exit_date: pg.timestamp(),
    commission: pg.numeric(10, 2).withDefault(),
    status: column<"open" | "closed">("character varying(20)").withDefault(),
    strategy_id: pg.integer(),
    notes: pg.text(),
    tags: pg.textArray(),
    broker: pg.varchar(50),
    account_id: pg.varchar(50),
    order_id: pg.varchar(100),
    created_at: pg.timestamp().withDefault(),
    updated_at: pg.timestamp().withDefault(),
    // Migration 012: options and futures, and the risk a trade started with.
    asset_type: column<AssetType>("character varying(20)").notNull().withDefault(),
    multiplier: pg.numeric(15, 4).notNull().withDefault(),
    stop_price: pg.numeric(21, 10),
    initial_risk: pg.numeric(15, 2),
    pnl: pg.numeric(15, 2).generatedAlways(),
    pnl_percent: pg.numeric(8, 2).generatedAlways(),
    import_key: pg.varchar(64),
    round_trip_id: pg.integer(),
    open_execution_id: pg.integer(),
    close_execution_id: pg.integer(),
    /** Migration 065: the opening fill's currency; null where no file gave one (the journal's own currency). */
    currency: pg.varchar(3),
  },
  journal_entries: {
    id: pg.serial(),
    user_id: pg.integer(),
    title: pg.varchar(255).notNull(),
    content: pg.text(),
    mood: pg.varchar(50),
    confidence: pg.integer(),
    tags: pg.textArray(),
    is_archived: pg.boolean().withDefault(),
    created_at: pg.timestamp().withDefault(),
    updated_at: pg.timestamp().withDefault(),
    search_vector: pg.tsvector().generatedAlways(),
  },
  trade_journal_links: {
    trade_id: pg.integer().notNull(),
    journal_entry_id: pg.integer().notNull(),
    created_at: pg.timestamp().withDefault(),
  },
  subscriptions: {
    id: pg.serial(),
    user_id: pg.integer(),
    plan_id: pg.varchar(50).notNull(),
    stripe_subscription_id: pg.varchar(100),
    stripe_customer_id: pg.varchar(100),
    status: column<"active" | "canceled" | "past_due" | "trialing">("character varying(20)").notNull(),
    current_period_start: pg.timestamp(),
    current_period_end: pg.timestamp(),
    cancel_at_period_end: pg.boolean().withDefault(),
    canceled_at: pg.timestamp(),
    trial_end: pg.timestamp(),
    metadata: pg.jsonb<JsonObject>().withDefault(),
    created_at: pg.timestamp().withDefault(),
    updated_at: pg.timestamp().withDefault(),
  },
  api_usage: {
    id: pg.serial(),
    user_id: pg.integer(),
    endpoint: pg.varchar(255).notNull(),
    method: pg.varchar(10).notNull(),
    response_code: pg.integer(),
    response_time_ms: pg.integer(),
    created_at: pg.timestamp().withDefault(),
  },
  import_history: {
    id: pg.serial(),
    user_id: pg.integer(),
    filename: pg.varchar(255).notNull(),
    broker: pg.varchar(50),
    total_rows: pg.integer(),
    imported_rows: pg.integer(),
    failed_rows: pg.integer(),
    errors: pg.jsonb().withDefault(),
    status: column<"pending" | "processing" | "completed" | "failed">("character varying(20)"),
    started_at: pg.timestamp(),
    completed_at: pg.timestamp(),
    created_at: pg.timestamp().withDefault(),
    account_id: pg.varchar(50),
    summary: pg.jsonb<JsonObject>().withDefault(),
  },
  notifications: {
    id: pg.serial(),
    user_id: pg.integer(),
    type: pg.varchar(50).notNull(),
    title: pg.varchar(255).notNull(),
    message: pg.text(),
    data: pg.jsonb<JsonObject>().withDefault(),
    is_read: pg.boolean().withDefault(),
    read_at: pg.timestamp(),
    created_at: pg.timestamp().withDefault(),
  },
  audit_logs: {
    id: pg.serial(),
    user_id: pg.integer(),
    action: pg.varchar(100).notNull(),
    resource_type: pg.varchar(50),
    resource_id: pg.integer(),
    ip_address: pg.inet(),
    user_agent: pg.text(),
    request_data: pg.jsonb(),
    response_data: pg.jsonb(),
    created_at: pg.timestamp().withDefault(),
  },
  round_trips: {
    id: pg.serial(),
    user_id: pg.integer().notNull(),
    account_id: pg.varchar(50).notNull().withDefault(),
    symbol: pg.varchar(20).notNull(),
    side: column<"long" | "short">("character varying(10)").notNull(),
    opened_at: pg.timestamp().notNull(),
    closed_at: pg.timestamp(),
    created_at: pg.timestamp().withDefault(),
  },
  // Report rollups (migration 030), written only by triggers on trades and user_settings.
  report_round_trips: {
    trip_key: pg.bigint().notNull(),
    user_id: pg.integer().notNull(),
    account_id: pg.varchar(50),
    symbol: pg.varchar(20).notNull(),
    side: pg.varchar(10).notNull(),
    asset_type: pg.varchar(20).notNull(),
    opened_at: pg.timestamp().notNull(),
    flat_at: pg.timestamp(),
    closed_rows: pg.integer().notNull(),
    open_rows: pg.integer().notNull(),
    net: pg.numeric(17, 2).notNull(),
    commission: pg.numeric(17, 2).notNull(),
    risk: pg.numeric(17, 2),
    /** Migration 065: the trades' currency, '' where they have none. */
    currency: pg.varchar(3).notNull().withDefault(),
  },
  report_days: {
    user_id: pg.integer().notNull(),
    day: pg.date().notNull(),
    net: pg.numeric(17, 2).notNull(),
    commission: pg.numeric(17, 2).notNull(),
    closed_rows: pg.integer().notNull(),
    currency: pg.varchar(3).notNull().withDefault(),
  },
  executions: {
    id: pg.serial(),
    user_id: pg.integer().notNull(),
    import_id: pg.integer(),
    /** sha256 (32 bytes) of the fill's identity (migrations/067_fill_identity.sql); 36 bytes marks a stored copy. */
    fingerprint: column<Uint8Array>("bytea").notNull(),
    broker: pg.varchar(50).notNull(),
    account_id: pg.varchar(50).notNull().withDefault(),
    symbol: pg.varchar(20).notNull(),
    asset_type: column<AssetType>("character varying(20)").notNull().withDefault(),
    multiplier: pg.numeric(12, 4).notNull().withDefault(),
    action: column<"buy" | "sell">("character varying(4)").notNull(),
    quantity: pg.numeric(21, 10).notNull(),
    price: pg.numeric(21, 10).notNull(),
    commission: pg.numeric(10, 2).notNull().withDefault(),
    executed_at: pg.timestamp().notNull(),
    file_sequence: pg.integer().notNull(),
    /**
     * Its place among its position's fills at the same instant when several imports brought them (migration 068,
     * import/same-instant.ts); 0 when one import did (file_sequence orders them).
     */
    same_instant_order: pg.integer().notNull().withDefault(),
    execution_id: pg.varchar(100),
    order_id: pg.varchar(100),
    currency: pg.varchar(3),
    details: pg.jsonb<JsonObject>().withDefault(),
    source_line: pg.integer(),
    /**
     * What the row said of its position (migration 045): 'open' (sell short), 'close' (buy to cover), else null;
     * 'balance' for an opening balance (`import csv --opening`, migration 058); 'split' for a stock split's change of
     * the quantity held (migration 069).
     */
    position_effect: column<"open" | "close" | "balance" | "split">("character varying(7)"),
    created_at: pg.timestamp().withDefault(),
  },
  // Later imports whose file also held a fill (migration 026); the first is executions.import_id.
  execution_vouchers: {
    execution_id: pg.integer().notNull(),
    import_id: pg.integer().notNull(),
  },
  // A view over trades (migration 020): an imported trade's opening and closing fills.
  trade_executions: {
    trade_id: pg.integer(),
    execution_id: pg.integer(),
    role: column<"open" | "close">("character varying(5)"),
    quantity: pg.numeric(21, 10),
  },
  import_mappings: {
    id: pg.serial(),
    user_id: pg.integer().notNull(),
    name: pg.varchar(100).notNull(),
    mapping: pg.jsonb<JsonObject>().notNull(),
    created_at: pg.timestamp().withDefault(),
    updated_at: pg.timestamp().withDefault(),
  },
  // A user's own futures contracts (migration 060): additions to and overrides of src/domain/futures-contracts.ts.
  user_futures_contracts: {
    id: pg.serial(),
    user_id: pg.integer().notNull(),
    root: pg.varchar(4).notNull(),
    point_value: pg.numeric(12, 4).notNull(),
    tick_size: pg.numeric(15, 8),
    exchange: pg.varchar(20),
    currency: pg.varchar(3),
    created_at: pg.timestamp().withDefault(),
    updated_at: pg.timestamp().withDefault(),
  },
  user_sessions: {
    id: pg.serial(),
    user_id: pg.integer().notNull(),
    token_hash: pg.varchar(64).notNull(),
    created_at: pg.timestamp().withDefault(),
    expires_at: pg.timestamp().notNull(),
    revoked_at: pg.timestamp(),
  },
  login_throttle: {
    username: pg.varchar(50).notNull(),
    failed_count: pg.integer().notNull().withDefault(),
    last_failed_at: pg.timestamp(),
    locked_until: pg.timestamp(),
  },
} satisfies Record<string, Record<string, AnySpec>>;

type KyselyColumn<S> =
  S extends ColumnSpec<infer Select, infer Insert, infer Nullable, infer HasDefault, infer Generated>
    ? Generated extends true
      ? ColumnType<Nullable extends true ? Select | null : Select, never, never>
      : Nullable extends true
        ? ColumnType<Select | null, Insert | null | undefined, Insert | null>
        : HasDefault extends true
          ? ColumnType<Select, Insert | undefined, Insert>
          : ColumnType<Select, Insert, Insert>
    : never;

type TableOf<T> = { [K in keyof T]: KyselyColumn<T[K]> };

/** The Kysely database type: one entry per table, derived from `tables`. */
export type Database = { [T in keyof typeof tables]: TableOf<(typeof tables)[T]> };

export type TradeRow = Selectable<Database["trades"]>;
export type NewTrade = Insertable<Database["trades"]>;
export type TradeUpdate = Updateable<Database["trades"]>;
export type UserRow = Selectable<Database["users"]>;
export type JournalEntryRow = Selectable<Database["journal_entries"]>;
export type StrategyRow = Selectable<Database["strategies"]>;

/** The scale and integer digits of a NUMERIC column's spec ("numeric(15,4)" -> 4 places, 11 digits before the point). */
export function numericLimits(spec: { sqlType: string }): { scale: number; integerDigits: number } {
  const match = /^numeric\((\d+),(\d+)\)$/.exec(spec.sqlType);
  if (!match) throw new Error(`not a NUMERIC column: ${spec.sqlType}`);
  const precision = Number(match[1]);
  const scale = Number(match[2]);
  return { scale, integerDigits: precision - scale };
}
