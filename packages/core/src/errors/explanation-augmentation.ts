import type { RoutingExplanation } from '../routing/explanation/routing-explanation.js';

// The kit types `RouterError.explanation` as "something printable" so adapters never depend on the router;
// inside the router it is always a RoutingExplanation, and this merge lets callers read it fully typed.
declare module '@apikeyrouter/provider' {
  interface RouterErrorExplanation extends RoutingExplanation {}
}
