import { CHANNEL, channelName, type CommittedDelta } from '../events';
import { getEnv } from '../env';
import { getRedis } from '../redis';
import type { ResultsStatusValue } from '../results/resultsStatusValues';

async function publish(channel: (typeof CHANNEL)[keyof typeof CHANNEL], payload: unknown): Promise<void> {
  await getRedis().publish(channelName(getEnv().QUEUE_PREFIX, channel), JSON.stringify(payload));
}

/** Tells every web node about a committed version (after commit; a lost message is gap-filled from tally_delta). */
export function publishCommitted(delta: CommittedDelta): Promise<void> {
  return publish(CHANNEL.tallyDelta, delta);
}

/** Tells every web node the counts were reset: they reload and send `tally:reset` to their clients. */
export function publishReset(delta: CommittedDelta): Promise<void> {
  return publish(CHANNEL.tallyReset, delta);
}

/** Tells every web node the results status changed; they pass it to their sockets. */
export function publishResultsStatus(status: ResultsStatusValue): Promise<void> {
  return publish(CHANNEL.resultsStatus, { status });
}

/** Tells every web node a contest was added or changed; they re-read the list and pass it to their sockets. */
export function publishContestsChanged(): Promise<void> {
  return publish(CHANNEL.contests, {});
}
