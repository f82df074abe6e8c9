// Spinners only where a person watches: stderr is a TTY with a known width. ora redraws forever in a 0-column
// pseudo-terminal (see STACK.md), and a cron log must not fill with frames.
import type { IOStreams } from "./streams.js";

export async function withSpinner<T>(
  io: IOStreams,
  text: string,
  work: (update: (text: string) => void) => Promise<T>,
): Promise<T> {
  if (!io.stderrIsTTY || io.columns <= 0) return work(() => {});
  const { default: ora } = await import("ora");
  const spinner = ora({ text, stream: io.stderr, isEnabled: true }).start();
  try {
    const result = await work((next) => {
      spinner.text = next;
    });
    spinner.stop();
    return result;
  } catch (error) {
    spinner.stop();
    throw error;
  }
}
