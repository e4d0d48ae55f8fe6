export type {
  AdapterContractSetup,
  ContractAdapterOptions,
  ContractWire,
  StatusFailure,
  WireReply,
} from './contract-types.js';
export { type ContractUpstream, startContractUpstream, type UpstreamScript } from './contract-upstream.js';
export { CONTRACT_CANARY, containsCanary, serialise } from './leak-check.js';
export { runAdapterContract } from './run-adapter-contract.js';
