// IANA time zones: validation and the machine's own zone.

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0 && zone.length <= 50;
  } catch {
    return false;
  }
}

/** The zone this machine runs in, when it is a real IANA name; otherwise UTC. */
export function systemTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isValidTimeZone(zone) ? zone : "UTC";
}
