import { CHANNEL, channelName, type CommittedDelta } from '../events';
import { getEnv } from '../env';
import { getRedis } from '../redis';
import type { ResultsStatusValue } from '../results/resultsStatusValues';

/** Tells every web node about a committed version (after commit; a lost message is gap-filled from tally_delta). */
export async function publishCommitted(delta: CommittedDelta): Promise<void> {
  await getRedis().publish(channelName(getEnv().QUEUE_PREFIX, CHANNEL.tallyDelta), JSON.stringify(delta));
}

/** Tells every web node the counts were reset: they reload and send `tally:reset` to their clients. */
export async function publishReset(delta: CommittedDelta): Promise<void> {
  await getRedis().publish(channelName(getEnv().QUEUE_PREFIX, CHANNEL.tallyReset), JSON.stringify(delta));
}

/** Tells every web node the results status changed; they pass it to their sockets. */
export async function publishResultsStatus(status: ResultsStatusValue): Promise<void> {
  await getRedis().publish(channelName(getEnv().QUEUE_PREFIX, CHANNEL.resultsStatus), JSON.stringify({ status }));
}
