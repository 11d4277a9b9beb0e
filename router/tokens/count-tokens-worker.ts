import { get_encoding } from 'tiktoken';
import type { CountTokensResult, CountTokensTask } from './count-tokens-task.ts';

/**
 * A token-counting worker: tiktoken's cl100k_base, loaded once per worker (it takes a second or
 * more), counts the texts of one task. Off the event loop: a 100,000-token count takes seconds.
 */
function loadCountHandler(): (task: CountTokensTask) => CountTokensResult {
  const encoder = get_encoding('cl100k_base');
  return (task) => {
    try {
      let tokens = 0;
      for (const text of task.texts) if (text !== '') tokens += encoder.encode_ordinary(text).length;
      return { ok: true, tokens };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  };
}

export default loadCountHandler();
