// One line of progress on a terminal's stderr, redrawn in place: only where a person watches (stderr a TTY of known
// width), never in a pipe or a cron log. Unlike a spinner, a new phase is drawn the moment it starts, and a ticker
// redraws every second so a long single statement still shows its time moving.
import type { IOStreams } from "./streams.js";

/** What a line says, given the seconds since the current phase began. */
export type ProgressText = (elapsedSeconds: number) => string;

export interface ProgressLine {
  /** Draws `text` now when `phase` is new, else at most every 100 ms. */
  show(phase: string, text: ProgressText): void;
  /** Clears the line (the result is printed after it). */
  end(): void;
}

const QUIET: ProgressLine = { show: () => {}, end: () => {} };

export function progressLine(io: IOStreams): ProgressLine {
  if (!io.stderrIsTTY || io.columns <= 0) return QUIET;
  let phase: string | undefined;
  let phaseStarted = 0;
  let drawnAt = 0;
  let current: ProgressText | undefined;
  const draw = () => {
    if (!current) return;
    const line = current(Math.floor((Date.now() - phaseStarted) / 1000));
    // One character short of the width: a full line would wrap on some terminals and leave its copy behind.
    io.stderr.write(`\r\u001b[2K${line.slice(0, Math.max(io.columns - 1, 1))}`);
    drawnAt = Date.now();
  };
  const ticker = setInterval(draw, 1000);
  ticker.unref();
  return {
    show(next, text) {
      current = text;
      if (next !== phase) {
        phase = next;
        phaseStarted = Date.now();
        draw();
      } else if (Date.now() - drawnAt >= 100) draw();
    },
    end() {
      clearInterval(ticker);
      if (current) io.stderr.write("\r\u001b[2K");
      current = undefined;
    },
  };
}
