/** Collects what a live feed emits and logs, for assertions (and for the secrets checks). */
import type { FeedEvent, VenueEvent } from '../../../src/scenario/scenario-types.js';
import type { FeedLogger } from '../../../src/feeds/feed-logger.js';

export class FeedRecorder {
  readonly events: (VenueEvent | FeedEvent)[] = [];
  readonly statuses: string[] = [];
  readonly logs: string[] = [];
  readonly logger: FeedLogger = { info: (m) => this.logs.push(m), warn: (m) => this.logs.push(m) };
  readonly onEvent = (e: VenueEvent | FeedEvent): void => void this.events.push(e);
  readonly onStatus = (s: string, reason: string): void => void this.statuses.push(`${s}: ${reason}`);

  /** The `feed` events in order, as "up"/"down". */
  feedTrail(): string[] {
    return this.events.filter((e): e is FeedEvent => e.type === 'feed').map((e) => e.status);
  }

  /** Events other than feed and heartbeat. */
  data(): VenueEvent[] {
    return this.events.filter((e): e is VenueEvent => e.type !== 'feed' && e.type !== 'heartbeat');
  }

  count(type: string): number {
    return this.events.filter((e) => e.type === type).length;
  }

  /** Everything observable as one text, to search for leaked secrets. */
  everything(): string {
    return JSON.stringify({ events: this.events, statuses: this.statuses, logs: this.logs });
  }
}
