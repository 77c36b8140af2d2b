/** Grouping of the documents of a run by the load balancer they describe. */
import type { LoadedDocument } from '../model.js';
import type { LoadBalancer } from '../types/loadbalancer.js';

/**
 * Lists the load-balancer documents of the run that describe the same load balancer as
 * `document`, itself included, in run order. Documents belong together when they have the
 * same `name`, or when neither has one. Documents of two differently named load balancers
 * run on different hosts, where the same listening address is no conflict.
 */
export function sameLoadBalancer(
  document: LoadedDocument<LoadBalancer>,
  documents: readonly LoadedDocument[],
): LoadedDocument<LoadBalancer>[] {
  return documents.filter(
    (candidate): candidate is LoadedDocument<LoadBalancer> =>
      candidate.kind === 'loadbalancer' &&
      (candidate === document || (candidate.data as LoadBalancer).name === document.data.name),
  );
}
